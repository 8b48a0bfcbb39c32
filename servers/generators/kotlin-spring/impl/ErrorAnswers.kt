package org.taxii21.server.impl

import jakarta.validation.ConstraintViolationException
import org.springframework.core.Ordered
import org.springframework.core.annotation.Order
import org.springframework.http.ResponseEntity
import org.springframework.http.converter.HttpMessageNotReadableException
import org.springframework.web.HttpMediaTypeNotAcceptableException
import org.springframework.web.HttpMediaTypeNotSupportedException
import org.springframework.web.HttpRequestMethodNotSupportedException
import org.springframework.web.bind.MethodArgumentNotValidException
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.RestControllerAdvice
import org.springframework.web.method.annotation.HandlerMethodValidationException
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException
import org.springframework.web.servlet.resource.NoResourceFoundException

/**
 * Every refusal as a TAXII error resource: the handlers' own, and what Spring refuses before them.
 * First in order: the generated DefaultExceptionHandler answers a constraint violation (a
 * parameter outside its pattern) with Spring's own error page instead.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorAnswers {
    @ExceptionHandler(Failure::class)
    fun taxii(failure: Failure) = failure.answer()

    /** A parameter of the wrong type or outside its pattern or bounds (the generated @Pattern, @Min, @Max). */
    @ExceptionHandler(MethodArgumentTypeMismatchException::class, ConstraintViolationException::class, HandlerMethodValidationException::class)
    fun badParameter(problem: Exception) = Failure(400, problem.message ?: "malformed parameter").answer()

    @ExceptionHandler(HttpMessageNotReadableException::class)
    fun unreadable(problem: HttpMessageNotReadableException) = Failure(400, "The body is not JSON: ${problem.mostSpecificCause.message}").answer()

    /** JSON that is not an envelope with objects cannot be processed (§5.5). */
    @ExceptionHandler(MethodArgumentNotValidException::class)
    fun notAnEnvelope(problem: MethodArgumentNotValidException) = Failure(422, "The body is not an envelope with objects: ${problem.bindingResult.allErrors}").answer()

    @ExceptionHandler(NoResourceFoundException::class)
    fun nothingThere(problem: NoResourceFoundException) = Failure(404, "Nothing at /${problem.resourcePath}: TAXII endpoints end in /, discovery is /taxii2/.").answer()

    @ExceptionHandler(HttpRequestMethodNotSupportedException::class)
    fun wrongMethod(problem: HttpRequestMethodNotSupportedException): ResponseEntity<Any> {
        val answer = Failure(405, "${problem.method} is not an operation of this endpoint.").answer()
        return ResponseEntity.status(405).headers(answer.headers).header("Allow", (problem.supportedMethods ?: emptyArray()).joinToString(", ")).body(answer.body)
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException::class)
    fun notAcceptable(problem: HttpMediaTypeNotAcceptableException) = Failure(406, "This server answers with ${Taxii.MEDIA_TYPE} only; send it in Accept.").answer()

    @ExceptionHandler(HttpMediaTypeNotSupportedException::class)
    fun unsupported(problem: HttpMediaTypeNotSupportedException) = Failure(415, "Send the envelope as ${Taxii.MEDIA_TYPE}.").answer()
}

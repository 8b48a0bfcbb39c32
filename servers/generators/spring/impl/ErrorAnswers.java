package org.taxii21.server.impl;

import jakarta.validation.ConstraintViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every refusal as a TAXII error resource: the handlers' own, and what Spring refuses before them. */
@RestControllerAdvice
public class ErrorAnswers {
  @ExceptionHandler(Taxii.Failure.class)
  public ResponseEntity<Object> taxii(Taxii.Failure failure) {
    return failure.answer();
  }

  /** A parameter of the wrong type or outside its pattern or bounds (the generated @Pattern, @Min, @Max). */
  @ExceptionHandler({MethodArgumentTypeMismatchException.class, ConstraintViolationException.class, HandlerMethodValidationException.class})
  public ResponseEntity<Object> badParameter(Exception problem) {
    return new Taxii.Failure(400, problem.getMessage()).answer();
  }

  /** A body that is not JSON (400), or JSON that is not an envelope (422, §5.5). */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<Object> unreadable(HttpMessageNotReadableException problem) {
    return new Taxii.Failure(400, "The body is not JSON: " + problem.getMostSpecificCause().getMessage()).answer();
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  public ResponseEntity<Object> notAnEnvelope(MethodArgumentNotValidException problem) {
    return new Taxii.Failure(422, "The body is not an envelope with objects: " + problem.getBindingResult().getAllErrors()).answer();
  }

  @ExceptionHandler(NoResourceFoundException.class)
  public ResponseEntity<Object> nothingThere(NoResourceFoundException problem) {
    return new Taxii.Failure(404, "Nothing at /" + problem.getResourcePath() + ": TAXII endpoints end in /, discovery is /taxii2/.").answer();
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  public ResponseEntity<Object> wrongMethod(HttpRequestMethodNotSupportedException problem) {
    ResponseEntity<Object> answer = new Taxii.Failure(405, problem.getMethod() + " is not an operation of this endpoint.").answer();
    return ResponseEntity.status(405).headers(answer.getHeaders()).header("Allow", String.join(", ", problem.getSupportedMethods() == null ? new String[0] : problem.getSupportedMethods())).body(answer.getBody());
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  public ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException problem) {
    return new Taxii.Failure(406, "This server answers with " + Taxii.MEDIA_TYPE + " only; send it in Accept.").answer();
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  public ResponseEntity<Object> unsupported(HttpMediaTypeNotSupportedException problem) {
    return new Taxii.Failure(415, "Send the envelope as " + Taxii.MEDIA_TYPE + ".").answer();
  }
}

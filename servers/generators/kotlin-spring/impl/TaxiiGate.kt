package org.taxii21.server.impl

import com.fasterxml.jackson.databind.ObjectMapper
import jakarta.servlet.FilterChain
import jakarta.servlet.ReadListener
import jakarta.servlet.ServletInputStream
import jakarta.servlet.http.HttpServletRequest
import jakarta.servlet.http.HttpServletRequestWrapper
import jakarta.servlet.http.HttpServletResponse
import java.io.ByteArrayInputStream
import java.security.MessageDigest
import java.util.Base64
import org.springframework.core.Ordered
import org.springframework.core.annotation.Order
import org.springframework.stereotype.Component
import org.springframework.web.filter.OncePerRequestFilter

private val KNOWN_FILTERS = setOf("match[id]", "match[type]", "match[version]", "match[spec_version]")

/** application/taxii+json, with no version or version=2.1 (§1.6.8). */
fun isTaxii21(mediaType: String?): Boolean {
    if (mediaType == null) return false
    val parts = mediaType.lowercase().split(";").map { it.trim() }
    val versions = parts.drop(1).filter { it.startsWith("version=") }.map { it.removePrefix("version=").trim('"') }
    return parts[0] == "application/taxii+json" && (versions.isEmpty() || versions == listOf("2.1"))
}

fun acceptsTaxii(accept: String?): Boolean =
    accept.isNullOrBlank() || accept.split(",").any { item -> item.substringBefore(";").trim() in setOf("*/*", "application/*") || isTaxii21(item.trim()) }

/**
 * What every request goes through before Spring routes it: credentials (Basic), the TAXII media
 * types (406, 415), the API root's body limit (413) and filters the server does not know (400).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TaxiiGate(private val settings: Settings, private val json: ObjectMapper) : OncePerRequestFilter() {
    companion object {
        /** The request attribute holding the authenticated user's name. */
        const val USER = "taxii.user"
    }

    private fun user(authorization: String?): String? {
        if (authorization == null || !authorization.startsWith("Basic ", ignoreCase = true)) return null
        val decoded = runCatching { String(Base64.getDecoder().decode(authorization.substring(6).trim())) }.getOrNull() ?: return null
        val name = decoded.substringBefore(':', "")
        val known = settings.users[name] ?: return null
        return if (':' in decoded && MessageDigest.isEqual(known.toByteArray(), decoded.substringAfter(':').toByteArray())) name else null
    }

    override fun doFilterInternal(request: HttpServletRequest, response: HttpServletResponse, chain: FilterChain) {
        var forward = request
        try {
            val user = user(request.getHeader("Authorization")) ?: throw Failure(401, "Send a user name and password with HTTP Basic authentication.")
            if (!acceptsTaxii(request.getHeader("Accept"))) throw Failure(406, "This server answers with ${Taxii.MEDIA_TYPE} only; send it in Accept.")
            request.parameterMap.keys.firstOrNull { it.startsWith("match[") && it !in KNOWN_FILTERS }?.let {
                throw Failure(400, "$it is not a filter of TAXII 2.1: use match[id], match[type], match[version] or match[spec_version].")
            }
            request.setAttribute(USER, user)
            if (request.method == "POST") {
                if (!isTaxii21(request.contentType)) throw Failure(415, "Send the envelope as ${Taxii.MEDIA_TYPE}.")
                forward = withBodyRead(request)
            }
        } catch (failure: Failure) {
            val answer = failure.answer()
            response.status = answer.statusCode.value()
            answer.headers.forEach { (name, values) -> values.forEach { response.addHeader(name, it) } }
            json.writeValue(response.outputStream, answer.body)
            return
        }
        chain.doFilter(forward, response)
    }

    /** Reads the body whole against the API root's max_content_length (413) and hands the same bytes on. */
    private fun withBodyRead(request: HttpServletRequest): HttpServletRequest {
        val limit = settings.roots[request.requestURI.split("/").getOrNull(1)]?.maxContentLength ?: (10 * 1024 * 1024)
        val body = request.inputStream.readNBytes(limit + 1)
        if (body.size > limit) throw Failure(413, "The body is larger than this API root's max_content_length, $limit bytes.")
        return object : HttpServletRequestWrapper(request) {
            override fun getInputStream(): ServletInputStream {
                val bytes = ByteArrayInputStream(body)
                return object : ServletInputStream() {
                    override fun read() = bytes.read()
                    override fun read(b: ByteArray, off: Int, len: Int) = bytes.read(b, off, len)
                    override fun isFinished() = bytes.available() == 0
                    override fun isReady() = true
                    override fun setReadListener(listener: ReadListener) = throw UnsupportedOperationException()
                }
            }
        }
    }
}

package org.taxii21.server.impl

import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import org.springframework.http.HttpHeaders
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity

/** The TAXII media type, timestamps and error resources, in one place. */
object Taxii {
    const val MEDIA_TYPE = "application/taxii+json;version=2.1"
    const val STIX21 = "application/stix+json;version=2.1"
    private val TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC)

    /** A TAXII timestamp: six fractional digits (§2). */
    fun time(at: Instant): String = TIME.format(at)

    /** An RFC 3339 UTC timestamp ending in Z; null when it is not one (30 February included). */
    fun parseTimestamp(text: String?): Instant? {
        if (text == null || !Regex("""^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$""").matches(text)) return null
        return runCatching { Instant.parse(text) }.getOrNull()
    }
}

/** A refusal, answered with a TAXII error resource (§3.6.1). */
class Failure(val status: Int, description: String) : RuntimeException(description) {
    fun answer(): ResponseEntity<Any> {
        val title = mapOf(400 to "Bad request", 401 to "Unauthorized", 403 to "Forbidden", 404 to "Not found", 405 to "Method not allowed", 406 to "Not acceptable", 413 to "Content too large", 415 to "Unsupported media type", 422 to "Unprocessable content")[status] ?: "Error"
        val answer = ResponseEntity.status(status).contentType(MediaType.parseMediaType(Taxii.MEDIA_TYPE))
        if (status == 401) answer.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"TAXII\", charset=\"UTF-8\"")
        return answer.body(mapOf("title" to title, "description" to message, "http_status" to status.toString()))
    }
}

package org.taxii21.server.impl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The TAXII media type, timestamps and error resources, in one place. */
public final class Taxii {
  public static final String MEDIA_TYPE = "application/taxii+json;version=2.1";
  public static final String STIX21 = "application/stix+json;version=2.1";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Map<Integer, String> TITLES = Map.of(400, "Bad request", 401, "Unauthorized", 403, "Forbidden", 404, "Not found", 405, "Method not allowed", 406, "Not acceptable", 413, "Content too large", 415, "Unsupported media type", 422, "Unprocessable content");

  private Taxii() {}

  /** A TAXII timestamp: six fractional digits (§2). */
  public static String time(Instant at) {
    return TIME.format(at);
  }

  /** A refusal, answered with a TAXII error resource (§3.6.1) by ErrorAnswers. */
  public static final class Failure extends RuntimeException {
    final int status;

    public Failure(int status, String description) {
      super(description);
      this.status = status;
    }

    public ResponseEntity<Object> answer() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("title", TITLES.getOrDefault(status, "Error"));
      body.put("description", getMessage());
      body.put("http_status", Integer.toString(status));
      ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.parseMediaType(MEDIA_TYPE));
      if (status == 401) answer.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"TAXII\", charset=\"UTF-8\"");
      return answer.body(body);
    }
  }
}

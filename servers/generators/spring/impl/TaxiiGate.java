package org.taxii21.server.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every request goes through before Spring routes it: credentials (Basic), the TAXII media
 * types (406, 415), the API root's body limit (413) and filters the server does not know (400).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TaxiiGate extends OncePerRequestFilter {
  /** The request attribute holding the authenticated user's name. */
  public static final String USER = "taxii.user";
  private static final Set<String> KNOWN_FILTERS = Set.of("match[id]", "match[type]", "match[version]", "match[spec_version]");
  private final Settings settings;
  private final ObjectMapper json;

  public TaxiiGate(Settings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  /** application/taxii+json, with no version or version=2.1 (§1.6.8). */
  static boolean isTaxii21(String mediaType) {
    if (mediaType == null) return false;
    String[] parts = mediaType.toLowerCase().split(";");
    if (!parts[0].trim().equals("application/taxii+json")) return false;
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].equals("version") && !(param.length == 2 && param[1].replace("\"", "").equals("2.1"))) return false;
    }
    return true;
  }

  static boolean acceptsTaxii(String accept) {
    if (accept == null || accept.isBlank()) return true;
    for (String item : accept.split(",")) {
      String base = item.split(";")[0].trim();
      if (base.equals("*/*") || base.equals("application/*") || isTaxii21(item.trim())) return true;
    }
    return false;
  }

  private String user(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) return null;
    String name = decoded.substring(0, colon), known = settings.users.get(name);
    boolean matches = known != null && MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    return matches ? name : null;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
    try {
      String user = user(request.getHeader("Authorization"));
      if (user == null) throw new Taxii.Failure(401, "Send a user name and password with HTTP Basic authentication.");
      if (!acceptsTaxii(request.getHeader("Accept"))) throw new Taxii.Failure(406, "This server answers with " + Taxii.MEDIA_TYPE + " only; send it in Accept.");
      for (String name : request.getParameterMap().keySet()) {
        if (name.startsWith("match[") && !KNOWN_FILTERS.contains(name)) throw new Taxii.Failure(400, name + " is not a filter of TAXII 2.1: use match[id], match[type], match[version] or match[spec_version].");
      }
      request.setAttribute(USER, user);
      if ("POST".equals(request.getMethod())) {
        if (!isTaxii21(request.getContentType())) throw new Taxii.Failure(415, "Send the envelope as " + Taxii.MEDIA_TYPE + ".");
        request = withBodyRead(request);
      }
    } catch (Taxii.Failure failure) {
      ResponseEntity<Object> answer = failure.answer();
      response.setStatus(answer.getStatusCode().value());
      answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
      json.writeValue(response.getOutputStream(), answer.getBody());
      return;
    }
    chain.doFilter(request, response);
  }

  /** Reads the body whole against the API root's max_content_length (413) and hands the same bytes on. */
  private HttpServletRequest withBodyRead(HttpServletRequest request) throws IOException {
    String[] path = request.getRequestURI().split("/");
    Settings.ApiRoot root = path.length > 1 ? settings.roots.get(path[1]) : null;
    int limit = root == null ? 10 * 1024 * 1024 : root.maxContentLength;
    byte[] body = request.getInputStream().readNBytes(limit + 1);
    if (body.length > limit) throw new Taxii.Failure(413, "The body is larger than this API root's max_content_length, " + limit + " bytes.");
    return new HttpServletRequestWrapper(request) {
      @Override
      public ServletInputStream getInputStream() {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
          @Override public int read() { return bytes.read(); }
          @Override public int read(byte[] b, int off, int len) { return bytes.read(b, off, len); }
          @Override public boolean isFinished() { return bytes.available() == 0; }
          @Override public boolean isReady() { return true; }
          @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
        };
      }
    };
  }
}

package org.taxii21.server.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.taxii21.server.api.ApiRootApiDelegate;
import org.taxii21.server.api.CollectionsApiDelegate;
import org.taxii21.server.api.DiscoveryApiDelegate;
import org.taxii21.server.api.ManifestApiDelegate;
import org.taxii21.server.api.ObjectsApiDelegate;
import org.taxii21.server.api.StatusApiDelegate;
import org.taxii21.server.model.AddObjectsEnvelope;
import org.taxii21.server.model.ApiRoot;
import org.taxii21.server.model.Collection;
import org.taxii21.server.model.Collections;
import org.taxii21.server.model.Discovery;
import org.taxii21.server.model.Envelope;
import org.taxii21.server.model.Manifest;
import org.taxii21.server.model.Status;
import org.taxii21.server.model.Versions;

/**
 * The eleven TAXII operations, as the generated delegate interfaces ask for them. Bodies are
 * written as JSON trees rather than the generated models: a STIX object read into the generated
 * StixObject model keeps five properties, and the generated models cannot leave out an empty list.
 * So each answer is a ResponseEntity of a tree, cast to the declared type (Spring writes the body
 * it is given; the declared type is erased).
 */
@Service
public class TaxiiDelegate implements DiscoveryApiDelegate, ApiRootApiDelegate, CollectionsApiDelegate, ManifestApiDelegate, ObjectsApiDelegate, StatusApiDelegate {
  /** What a client gets without limit, and the most it gets with one (§3.4: the server may return fewer). */
  private static final int DEFAULT_PAGE = 100, MAX_PAGE = 1000;
  private final Settings settings;
  private final ObjectMapper json;

  public TaxiiDelegate(Settings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  /** Every generated delegate offers the current request; this class reads it through RequestContextHolder. */
  @Override
  public Optional<NativeWebRequest> getRequest() {
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static <T> ResponseEntity<T> answer(int status, Object body, HttpHeaders headers) {
    return (ResponseEntity<T>) (ResponseEntity<?>) ResponseEntity.status(status).headers(headers).contentType(MediaType.parseMediaType(Taxii.MEDIA_TYPE)).body(body);
  }

  private static <T> ResponseEntity<T> ok(Object body) {
    return answer(200, body, new HttpHeaders());
  }

  private static String user() {
    return (String) RequestContextHolder.currentRequestAttributes().getAttribute(TaxiiGate.USER, RequestAttributes.SCOPE_REQUEST);
  }

  private Settings.ApiRoot root(String name) {
    Settings.ApiRoot root = settings.roots.get(name);
    if (root == null) throw new Taxii.Failure(404, "No API root at /" + name + "/.");
    return root;
  }

  private Store.Collection visible(String rootName, String id) {
    String user = user();
    return root(rootName).collections.stream()
        .filter(c -> (c.id.equals(id) || (!c.alias.isEmpty() && c.alias.equals(id))) && (c.readers.contains(user) || c.writers.contains(user)))
        .findFirst().orElseThrow(() -> new Taxii.Failure(404, "No collection " + id + " in this API root."));
  }

  /** A collection the user may neither read nor write is not revealed (404); one right short is 403; deleting needs both (§5.7). */
  private Store.Collection collectionFor(String rootName, String id, String need) {
    Store.Collection c = visible(rootName, id);
    boolean canRead = c.readers.contains(user()), canWrite = c.writers.contains(user());
    if (need.equals("read") && !canRead) throw new Taxii.Failure(403, "You may not read this collection.");
    if (need.equals("write") && !canWrite) throw new Taxii.Failure(403, "You may not add objects to this collection.");
    if (need.equals("delete") && !(canRead && canWrite)) throw new Taxii.Failure(403, "Deleting needs the rights to read and to write this collection.");
    return c;
  }

  private static Set<String> list(String value) {
    return value == null ? null : new HashSet<>(Arrays.asList(value.split(",")));
  }

  /** The filter parameters, checked; match[version] defaults to `last` (§3.4.1), or `all` for versions. */
  private static Store.Filters filters(String addedAfter, String ids, String types, String versions, String specVersions, String defaultVersion) {
    boolean all = false, first = false, last = false;
    List<Instant> exact = new ArrayList<>();
    for (String v : (versions == null ? defaultVersion : versions).split(",")) {
      switch (v) {
        case "all" -> all = true;
        case "first" -> first = true;
        case "last" -> last = true;
        default -> {
          Instant at = Store.parseTimestamp(v);
          if (at == null) throw new Taxii.Failure(400, "match[version] takes all, first, last or STIX timestamps; '" + v + "' is none of them.");
          exact.add(at);
        }
      }
    }
    Instant after = null;
    if (addedAfter != null) {
      after = Store.parseTimestamp(addedAfter);
      if (after == null) throw new Taxii.Failure(400, "added_after must be an RFC 3339 timestamp in UTC ending in Z; '" + addedAfter + "' is not one.");
    }
    return new Store.Filters(after, list(ids), list(types), list(specVersions), new Store.Versions(all, first, last, exact));
  }

  /** A page of a selection: after the date_added its next value names, at most limit; the items only when there are some (§2). */
  private <T> ResponseEntity<T> page(List<Store.Entry> selected, String next, Long limit, String itemsKey, Function<Store.Entry, Object> item) {
    if (limit != null && limit < 1) throw new Taxii.Failure(400, "limit must be a positive whole number.");
    if (next != null) {
      Instant after = Store.parseTimestamp(next);
      if (after == null) throw new Taxii.Failure(400, "This next value was not issued by this server.");
      selected = selected.stream().filter(e -> e.dateAdded().isAfter(after)).toList();
    }
    int size = (int) Math.min(limit == null ? DEFAULT_PAGE : limit, MAX_PAGE);
    boolean more = selected.size() > size;
    List<Store.Entry> records = selected.subList(0, Math.min(size, selected.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("more", more);
    if (more) body.put("next", Taxii.time(records.get(records.size() - 1).dateAdded()));
    if (!records.isEmpty()) body.put(itemsKey, records.stream().map(item).toList());
    HttpHeaders headers = new HttpHeaders();
    if (!records.isEmpty()) {
      headers.set("X-TAXII-Date-Added-First", Taxii.time(records.get(0).dateAdded()));
      headers.set("X-TAXII-Date-Added-Last", Taxii.time(records.get(records.size() - 1).dateAdded()));
    }
    return answer(200, body, headers);
  }

  @Override
  public ResponseEntity<Discovery> getDiscovery() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", settings.title);
    if (!settings.description.isEmpty()) body.put("description", settings.description);
    List<String> roots = settings.roots.keySet().stream().map(name -> "/" + name + "/").toList();
    if (!roots.isEmpty()) {
      body.put("default", roots.get(0));
      body.put("api_roots", roots);
    }
    return ok(body);
  }

  @Override
  public ResponseEntity<ApiRoot> getApiRoot(String apiRoot) {
    Settings.ApiRoot root = root(apiRoot);
    return ok(Map.of("title", root.title, "versions", List.of(Taxii.MEDIA_TYPE), "max_content_length", root.maxContentLength));
  }

  private Map<String, Object> describe(Store.Collection c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", c.id);
    body.put("title", c.title);
    if (!c.alias.isEmpty()) body.put("alias", c.alias);
    body.put("can_read", c.readers.contains(user()));
    body.put("can_write", c.writers.contains(user()));
    body.put("media_types", List.of(Taxii.STIX21));
    return body;
  }

  @Override
  public ResponseEntity<Collections> getCollections(String apiRoot) {
    String user = user();
    List<Map<String, Object>> listed = root(apiRoot).collections.stream().filter(c -> c.readers.contains(user) || c.writers.contains(user)).map(this::describe).toList();
    return ok(listed.isEmpty() ? Map.of() : Map.of("collections", listed));
  }

  @Override
  public ResponseEntity<Collection> getCollection(String apiRoot, String collectionId) {
    return ok(describe(visible(apiRoot, collectionId)));
  }

  @Override
  public ResponseEntity<Manifest> getManifest(String apiRoot, String collectionId, String addedAfter, Long limit, String next, String matchId, String matchType, String matchVersion, String matchSpecVersion) {
    Store.Collection c = collectionFor(apiRoot, collectionId, "read");
    Store.Filters f = filters(addedAfter, matchId, matchType, matchVersion, matchSpecVersion, "last");
    synchronized (settings.store) {
      return page(c.selected(f), next, limit, "objects", e -> Map.of("id", e.id(), "date_added", Taxii.time(e.dateAdded()), "version", e.version(), "media_type", "application/stix+json;version=" + e.specVersion()));
    }
  }

  @Override
  public ResponseEntity<Envelope> getObjects(String apiRoot, String collectionId, String addedAfter, Long limit, String next, String matchId, String matchType, String matchVersion, String matchSpecVersion) {
    Store.Collection c = collectionFor(apiRoot, collectionId, "read");
    Store.Filters f = filters(addedAfter, matchId, matchType, matchVersion, matchSpecVersion, "last");
    synchronized (settings.store) {
      return page(c.selected(f), next, limit, "objects", Store.Entry::object);
    }
  }

  @Override
  public ResponseEntity<Envelope> getObject(String apiRoot, String collectionId, String objectId, String addedAfter, Long limit, String next, String matchVersion, String matchSpecVersion) {
    Store.Collection c = collectionFor(apiRoot, collectionId, "read");
    Store.Filters f = filters(addedAfter, objectId, null, matchVersion, matchSpecVersion, "last");
    synchronized (settings.store) {
      if (c.entries.stream().noneMatch(e -> e.id().equals(objectId))) throw new Taxii.Failure(404, "No object with this id in this collection.");
      return page(c.selected(f), next, limit, "objects", Store.Entry::object);
    }
  }

  @Override
  public ResponseEntity<Versions> getObjectVersions(String apiRoot, String collectionId, String objectId, String addedAfter, Long limit, String next, String matchSpecVersion) {
    Store.Collection c = collectionFor(apiRoot, collectionId, "read");
    Store.Filters f = filters(addedAfter, objectId, null, null, matchSpecVersion, "all");
    synchronized (settings.store) {
      if (c.entries.stream().noneMatch(e -> e.id().equals(objectId))) throw new Taxii.Failure(404, "No object with this id in this collection.");
      return page(c.selected(f), next, limit, "versions", Store.Entry::version);
    }
  }

  @Override
  public ResponseEntity<Void> deleteObject(String apiRoot, String collectionId, String objectId, String matchVersion, String matchSpecVersion) {
    Store.Collection c = collectionFor(apiRoot, collectionId, "delete");
    Store.Filters f = filters(null, objectId, null, matchVersion, matchSpecVersion, "last");
    synchronized (settings.store) {
      List<Store.Entry> doomed = c.selected(f);
      if (doomed.isEmpty()) throw new Taxii.Failure(404, "No version of an object with this id matches the filters in this collection.");
      c.entries.removeAll(doomed);
    }
    return ResponseEntity.ok().build();
  }

  @Override
  public ResponseEntity<Status> addObjects(String apiRoot, String collectionId, AddObjectsEnvelope envelope) {
    Settings.ApiRoot root = root(apiRoot);
    Store.Collection c = collectionFor(apiRoot, collectionId, "write");
    List<Map<String, Object>> successes = new ArrayList<>(), failures = new ArrayList<>();
    Map<String, Object> status = new LinkedHashMap<>();
    synchronized (settings.store) {
      status.put("id", UUID.randomUUID().toString());
      status.put("status", "complete");
      status.put("request_timestamp", Taxii.time(settings.store.stamp()));
      for (Map<String, Object> object : envelope.getObjects()) {
        JsonNode tree = json.valueToTree(object);
        try {
          Store.Entry entry = Store.entry(tree, settings.store.stamp());
          Map<String, Object> detail = new LinkedHashMap<>(Map.of("id", entry.id(), "version", entry.version()));
          if (c.has(entry.id(), entry.versionAt())) detail.put("message", "Already stored; not stored again."); // §5.5: not an error
          else c.entries.add(entry);
          successes.add(detail);
        } catch (IllegalArgumentException problem) {
          failures.add(Map.of("id", tree.path("id").asText(""), "version", tree.path("modified").asText(""), "message", problem.getMessage()));
        }
      }
      status.put("total_count", envelope.getObjects().size());
      status.put("success_count", successes.size());
      status.put("failure_count", failures.size());
      status.put("pending_count", 0);
      if (!successes.isEmpty()) status.put("successes", successes);
      if (!failures.isEmpty()) status.put("failures", failures);
      root.statuses.put((String) status.get("id"), status);
    }
    return answer(202, status, new HttpHeaders());
  }

  @Override
  public ResponseEntity<Status> getStatus(String apiRoot, String statusId) {
    Settings.ApiRoot root = root(apiRoot);
    synchronized (settings.store) {
      Map<String, Object> status = root.statuses.get(statusId);
      if (status == null) throw new Taxii.Failure(404, "No status " + statusId + " in this API root.");
      return ok(status);
    }
  }
}

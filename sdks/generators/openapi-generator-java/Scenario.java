// openapi-generator's Java client (library "native": java.net.http and Jackson): one client from
// the flat-match variant (plain matchType and so on) and one from the discovery variant, both
// compiled together. Settings: each client's base URI and, as the native library has no Basic
// authentication of its own, a request interceptor that adds the Authorization header. The media
// types come from the description. The checks are those of the other languages' scenarios
// (README.md, "The live scenario"); one line per step on stdout.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.taxii21.client.ApiException;
import org.taxii21.client.api.CollectionsApi;
import org.taxii21.client.api.ObjectsApi;
import org.taxii21.client.api.StatusApi;
import org.taxii21.client.model.AddObjectsEnvelope;
import org.taxii21.client.model.Envelope;
import org.taxii21.client.model.Indicator;
import org.taxii21.client.model.KnownStixObject;
import org.taxii21.client.model.Malware;
import org.taxii21.client.model.Relationship;
import org.taxii21.client.model.Status;
import org.taxii21.client.model.StatusState;
import org.taxii21.client.model.StixObject;
import org.taxii21.discovery.api.DiscoveryApi;

public class Scenario {
  interface Step {
    void run() throws Exception;
  }

  static int failed = 0;

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) throw new IllegalStateException(name + " is not set");
    return value;
  }

  static void step(String name, Step action) {
    try {
      action.run();
      System.out.println("STEP " + name + " ok");
    } catch (Exception error) {
      failed++;
      String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().split("\n")[0];
      System.out.println("STEP " + name + " fail " + message);
    }
  }

  static void check(boolean condition, String message) {
    if (!condition) throw new IllegalStateException(message);
  }

  static final String PROBE_PATTERN = "[ipv4-addr:value = '198.51.100.7']";
  /** The client's own Jackson mapper (it knows the java.time types the models use); set in main. */
  static ObjectMapper json;

  /** The generated class of an envelope item: the STIX 2.1 type's own class (Malware, Indicator, …) for a known type, OtherStixObject otherwise. */
  static Object stix(StixObject item) {
    Object inner = item.getActualInstance();
    return inner instanceof KnownStixObject known ? known.getActualInstance() : inner;
  }

  /** The id or type of an envelope item, whichever generated class holds it. */
  static String property(StixObject item, String name) {
    return String.valueOf(json.convertValue(stix(item), Map.class).get(name));
  }

  /** Where two JSON trees first differ, in words; null when they are equal (key order aside). */
  static String firstDifference(JsonNode got, JsonNode want, String at) {
    if (got.equals(want)) return null;
    if (want.isArray() && got.isArray() && want.size() == got.size()) {
      for (int i = 0; i < want.size(); i++) {
        String inner = firstDifference(got.get(i), want.get(i), at + i + ".");
        if (inner != null) return inner;
      }
    }
    if (want.isObject() && got.isObject()) {
      for (Map.Entry<String, JsonNode> field : want.properties()) {
        if (!got.has(field.getKey())) return at + field.getKey() + " is missing";
        String inner = firstDifference(got.get(field.getKey()), field.getValue(), at + field.getKey() + ".");
        if (inner != null) return inner;
      }
      for (Map.Entry<String, JsonNode> field : got.properties()) {
        if (!want.has(field.getKey())) return at + field.getKey() + " was added (" + field.getValue() + ")";
      }
    }
    String place = at.isEmpty() ? "the value" : at.substring(0, at.length() - 1);
    return place + " is " + abbreviate(got.toString()) + ", not " + abbreviate(want.toString());
  }

  static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) : text;
  }

  public static void main(String[] args) throws Exception {
    String apiRoot = env("TAXII_API_ROOT"), origin = env("TAXII_ORIGIN");
    String read = env("TAXII_READ_COLLECTION"), write = env("TAXII_WRITE_COLLECTION");
    String type = env("TAXII_TYPE");
    long limit = Long.parseLong(env("TAXII_LIMIT"));
    int expected = Integer.parseInt(env("TAXII_EXPECTED"));
    String newId = env("TAXII_NEW_ID"), version = env("TAXII_NEW_VERSION");
    String authorization = "Basic " + Base64.getEncoder().encodeToString((env("TAXII_USER") + ":" + env("TAXII_PASSWORD")).getBytes(StandardCharsets.UTF_8));

    org.taxii21.client.ApiClient root = new org.taxii21.client.ApiClient();
    root.updateBaseUri(apiRoot);
    root.setRequestInterceptor(request -> request.header("Authorization", authorization));
    org.taxii21.discovery.ApiClient discoveryClient = new org.taxii21.discovery.ApiClient();
    discoveryClient.updateBaseUri(origin);
    discoveryClient.setRequestInterceptor(request -> request.header("Authorization", authorization));
    ObjectsApi objects = new ObjectsApi(root);
    json = root.getObjectMapper();
    List<Envelope> firstPage = new ArrayList<>();
    List<String> statusId = new ArrayList<>();

    step("discovery", () -> {
      List<String> roots = new DiscoveryApi(discoveryClient).getDiscovery().getApiRoots();
      URI base = URI.create(origin + "/taxii2/");
      check(roots != null && roots.stream().anyMatch(r -> base.resolve(r).toString().equals(apiRoot + "/")), "api_roots " + roots + " lack " + apiRoot + "/");
    });
    step("collections", () -> {
      List<String> ids = new ArrayList<>();
      new CollectionsApi(root).getCollections().getCollections().forEach(c -> ids.add(c.getId().toString()));
      check(ids.contains(read) && ids.contains(write), "collections " + ids + " lack " + read + " or " + write);
    });
    step("filter", () -> {
      Envelope page = objects.getObjects(read, null, limit, null, null, type, null, null);
      firstPage.add(page);
      check(page.getObjects().size() == limit, page.getObjects().size() + " objects, asked for " + limit);
      check(page.getObjects().stream().allMatch(o -> property(o, "type").equals(type)), "a type other than " + type);
      check(Boolean.TRUE.equals(page.getMore()) && page.getNext() != null, "no more/next on a first page");
    });
    step("paging", () -> {
      Envelope page = firstPage.get(0);
      Set<String> ids = new HashSet<>();
      for (int pages = 1; ; pages++) {
        if (page.getObjects() != null) page.getObjects().forEach(o -> ids.add(property(o, "id")));
        if (!Boolean.TRUE.equals(page.getMore()) || page.getNext() == null) break;
        check(pages < 100, "more than 100 pages");
        page = objects.getObjects(read, null, limit, page.getNext(), null, type, null, null);
      }
      check(ids.size() == expected, ids.size() + " distinct objects, expected " + expected);
    });
    step("object", () -> {
      String id = property(firstPage.get(0).getObjects().get(0), "id");
      List<StixObject> found = objects.getObject(read, id, null, null, null, null, null).getObjects();
      check(found.size() == 1 && property(found.get(0), "id").equals(id), "getObject gave " + found);
    });
    step("add", () -> {
      Map<String, Object> indicator = Map.of("type", "indicator", "spec_version", "2.1", "id", newId, "created", version, "modified", version, "name", "SDK matrix probe", "pattern", PROBE_PATTERN, "pattern_type", "stix", "valid_from", version);
      AddObjectsEnvelope envelope = root.getObjectMapper().convertValue(Map.of("objects", List.of(indicator)), AddObjectsEnvelope.class);
      Status status = objects.addObjects(write, envelope);
      statusId.add(status.getId().toString());
    });
    step("status", () -> {
      for (int tries = 0; tries < 20; tries++) {
        Status status = new StatusApi(root).getStatus(statusId.get(0));
        if (status.getStatus() == StatusState.COMPLETE) {
          check(status.getSuccessCount() == 1, "success_count " + status.getSuccessCount());
          return;
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("not complete after 20 polls");
    });
    step("versions", () -> {
      List<String> versions = objects.getObjectVersions(write, newId, null, null, null, null).getVersions();
      check(versions.size() == 1 && OffsetDateTime.parse(versions.get(0)).isEqual(OffsetDateTime.parse(version)), "versions " + versions);
    });
    step("typed", () -> {
      Object malware = stix(objects.getObjects(read, null, 1L, null, null, "malware", null, null).getObjects().get(0));
      Object relationship = stix(objects.getObjects(read, null, 1L, null, null, "relationship", null, null).getObjects().get(0));
      Object indicator = stix(objects.getObject(write, newId, null, null, null, null, null).getObjects().get(0));
      check(malware instanceof Malware m && m.getName() != null && !m.getName().isEmpty(), "no malware name read through the Malware class: " + malware.getClass().getSimpleName());
      check(relationship instanceof Relationship r && !r.getRelationshipType().isEmpty(), "no relationship_type read through the Relationship class: " + relationship.getClass().getSimpleName());
      check(indicator instanceof Indicator i && PROBE_PATTERN.equals(i.getPattern()), "the Indicator class gave " + indicator);
    });
    step("delete", () -> {
      objects.deleteObject(write, newId, null, null);
      try {
        objects.getObject(write, newId, null, null, null, null, null);
        throw new IllegalStateException("the object is still there after deleteObject");
      } catch (ApiException error) {
        check(error.getCode() == 404, "getObject after deleteObject answered " + error.getCode());
      }
    });
    step("custom", () -> {
      // ATT&CK objects with custom properties (x_mitre_*) and of a custom type (x-mitre-tactic): read
      // through the SDK's models, written out by its own mapper, re-sent under new ids, read back.
      JsonNode originals = json.readTree(env("TAXII_CUSTOM_OBJECTS"));
      String[] newIds = env("TAXII_CUSTOM_NEW_IDS").split(",");
      List<JsonNode> copies = new ArrayList<>();
      for (int i = 0; i < originals.size(); i++) {
        JsonNode original = originals.get(i);
        JsonNode kept = json.readTree(json.writeValueAsString(objects.getObject(read, original.get("id").asText(), null, null, null, null, null).getObjects().get(0)));
        String changed = firstDifference(kept, original, "");
        check(changed == null, original.get("id").asText() + " read and re-serialised: " + changed);
        ((ObjectNode) kept).put("id", newIds[i]);
        copies.add(kept);
      }
      objects.addObjects(write, json.convertValue(Map.of("objects", copies), AddObjectsEnvelope.class));
      for (JsonNode copy : copies) {
        JsonNode back = json.readTree(json.writeValueAsString(objects.getObject(write, copy.get("id").asText(), null, null, null, null, null).getObjects().get(0)));
        objects.deleteObject(write, copy.get("id").asText(), null, null);
        String changed = firstDifference(back, copy, "");
        check(changed == null, copy.get("type").asText() + " pushed and read back: " + changed);
      }
    });
    step("token", () -> {
      // The native library has no authentication of its own: the token is a request interceptor's header.
      org.taxii21.client.ApiClient withToken = new org.taxii21.client.ApiClient();
      withToken.updateBaseUri(apiRoot);
      withToken.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + env("TAXII_TOKEN")));
      List<String> ids = new ArrayList<>();
      new CollectionsApi(withToken).getCollections().getCollections().forEach(c -> ids.add(c.getId().toString()));
      check(ids.contains(read) && ids.contains(write), "with the token, collections " + ids + " lack " + read + " or " + write);
    });
    System.exit(failed == 0 ? 0 : 1);
  }
}

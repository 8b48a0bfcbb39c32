// addObjects with openapi-generator's Java client (library native, from taxii21.flat-match.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.taxii21.client.ApiClient;
import org.taxii21.client.api.ObjectsApi;
import org.taxii21.client.model.AddObjectsEnvelope;
import org.taxii21.client.model.Status;

public class AddObjects {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The API root's URL as discovery lists it, without the final slash.
    client.updateBaseUri(System.getenv("TAXII_API_ROOT"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    Map<String, Object> indicator = Map.of(
        "type", "indicator",
        "spec_version", "2.1",
        "id", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        "created", "2026-01-02T03:04:05.678Z",
        "modified", "2026-01-02T03:04:05.678Z",
        "name", "Known bad address",
        "pattern", "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type", "stix",
        "valid_from", "2026-01-02T03:04:05.678Z");
    Status status = new ObjectsApi(client).addObjects(System.getenv("TAXII_COLLECTION"), new AddObjectsEnvelope().objects(List.of(indicator)));
    // `pending` until the server has processed every object: poll getStatus with this id.
    System.out.println(status.getId() + " " + status.getStatus() + " " + status.getSuccessCount() + " " + status.getFailureCount());
  }
}

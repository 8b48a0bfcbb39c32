// getManifest with openapi-generator's Java client (library native, from taxii21.flat-match.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.taxii21.client.ApiClient;
import org.taxii21.client.api.ManifestApi;
import org.taxii21.client.model.Manifest;
import org.taxii21.client.model.ManifestRecord;

public class GetManifest {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The API root's URL as discovery lists it, without the final slash.
    client.updateBaseUri(System.getenv("TAXII_API_ROOT"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    ManifestApi manifest = new ManifestApi(client);
    String collection = System.getenv("TAXII_COLLECTION");
    // Every record, following `next`, with the same filters on every request.
    // Arguments: collection, added_after, limit, next, match[id], match[type], match[version], match[spec_version].
    Manifest page = manifest.getManifest(collection, null, 100L, null, null, "indicator", null, null);
    while (true) {
      if (page.getObjects() != null) {
        for (ManifestRecord record : page.getObjects()) System.out.println(record.getId() + " " + record.getVersion() + " " + record.getDateAdded());
      }
      if (!Boolean.TRUE.equals(page.getMore()) || page.getNext() == null) break;
      page = manifest.getManifest(collection, null, 100L, page.getNext(), null, "indicator", null, null);
    }
  }
}

// getObject with openapi-generator's Java client (library native, from taxii21.flat-match.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.taxii21.client.ApiClient;
import org.taxii21.client.api.ObjectsApi;
import org.taxii21.client.model.Envelope;
import org.taxii21.client.model.StixObject;

public class GetObject {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The API root's URL as discovery lists it, without the final slash.
    client.updateBaseUri(System.getenv("TAXII_API_ROOT"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    // Arguments: collection, object id, added_after, limit, next, match[version], match[spec_version].
    Envelope envelope = new ObjectsApi(client).getObject(System.getenv("TAXII_COLLECTION"), System.getenv("TAXII_OBJECT_ID"), null, null, null, null, null);
    for (StixObject object : envelope.getObjects()) {
      // object.getActualInstance() is a KnownStixObject (its own class per STIX 2.1 type) or an OtherStixObject.
      System.out.println(client.getObjectMapper().writeValueAsString(object));
    }
  }
}

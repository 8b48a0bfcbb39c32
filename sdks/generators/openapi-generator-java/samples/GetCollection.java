// getCollection with openapi-generator's Java client (library native, from taxii21.flat-match.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.taxii21.client.ApiClient;
import org.taxii21.client.api.CollectionsApi;
import org.taxii21.client.model.Collection;

public class GetCollection {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The API root's URL as discovery lists it, without the final slash.
    client.updateBaseUri(System.getenv("TAXII_API_ROOT"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    Collection collection = new CollectionsApi(client).getCollection(System.getenv("TAXII_COLLECTION"));
    System.out.println(collection.getId() + " " + collection.getTitle() + " " + collection.getMediaTypes());
  }
}

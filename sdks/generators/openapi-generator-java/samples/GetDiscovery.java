// getDiscovery with openapi-generator's Java client (library native, from taxii21.discovery.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.taxii21.discovery.ApiClient;
import org.taxii21.discovery.api.DiscoveryApi;
import org.taxii21.discovery.model.Discovery;

public class GetDiscovery {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The server's origin: discovery is always at /taxii2/ on it.
    client.updateBaseUri(System.getenv("TAXII_SERVER"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    Discovery discovery = new DiscoveryApi(client).getDiscovery();
    System.out.println(discovery.getTitle());
    for (String apiRoot : discovery.getApiRoots()) System.out.println(apiRoot);
  }
}

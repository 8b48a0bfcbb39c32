// getStatus with openapi-generator's Java client (library native, from taxii21.flat-match.yaml).
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.taxii21.client.ApiClient;
import org.taxii21.client.api.StatusApi;
import org.taxii21.client.model.Status;
import org.taxii21.client.model.StatusDetails;

public class GetStatus {
  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    // The API root's URL as discovery lists it, without the final slash.
    client.updateBaseUri(System.getenv("TAXII_API_ROOT"));
    // The native library has no Basic authentication of its own: a request interceptor adds it.
    String credentials = System.getenv("TAXII_USER") + ":" + System.getenv("TAXII_PASSWORD");
    String authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));

    Status status = new StatusApi(client).getStatus(System.getenv("TAXII_STATUS_ID"));
    System.out.println(status.getStatus() + " " + status.getTotalCount() + " " + status.getSuccessCount() + " " + status.getFailureCount() + " " + status.getPendingCount());
    if (status.getFailures() != null) {
      for (StatusDetails failure : status.getFailures()) System.out.println("failed: " + failure.getId() + " " + failure.getMessage());
    }
  }
}

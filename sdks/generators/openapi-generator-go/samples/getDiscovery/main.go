// getDiscovery with openapi-generator's Go client (from taxii21.flat-match.yaml).
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	discovery "example.org/taxii21/discovery"
)

func main() {
	config := discovery.NewConfiguration()
	// The server's origin: discovery is always at /taxii2/ on it.
	config.Servers = discovery.ServerConfigurations{{URL: os.Getenv("TAXII_SERVER")}}
	client := discovery.NewAPIClient(config)
	ctx := context.WithValue(context.Background(), discovery.ContextBasicAuth, discovery.BasicAuth{UserName: os.Getenv("TAXII_USER"), Password: os.Getenv("TAXII_PASSWORD")})

	answer, _, err := client.DiscoveryAPI.GetDiscovery(ctx).Execute()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(answer.Title)
	for _, apiRoot := range answer.ApiRoots {
		fmt.Println(apiRoot)
	}
}

// getManifest with openapi-generator's Go client (from taxii21.flat-match.yaml).
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	taxii "example.org/taxii21/client"
)

func main() {
	config := taxii.NewConfiguration()
	// The API root's URL as discovery lists it, without the final slash.
	config.Servers = taxii.ServerConfigurations{{URL: os.Getenv("TAXII_API_ROOT")}}
	client := taxii.NewAPIClient(config)
	ctx := context.WithValue(context.Background(), taxii.ContextBasicAuth, taxii.BasicAuth{UserName: os.Getenv("TAXII_USER"), Password: os.Getenv("TAXII_PASSWORD")})

	collection := os.Getenv("TAXII_COLLECTION")
	// Every record, following `next`, with the same filters on every request.
	request := client.ManifestAPI.GetManifest(ctx, collection).MatchType("indicator").Limit(100)
	for {
		page, _, err := request.Execute()
		if err != nil {
			log.Fatal(err)
		}
		for _, record := range page.Objects {
			fmt.Println(record.Id, record.Version, record.DateAdded)
		}
		if !page.GetMore() || page.GetNext() == "" {
			break
		}
		request = request.Next(page.GetNext())
	}
}

// getObjectVersions with openapi-generator's Go client (from taxii21.flat-match.yaml).
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

	versions, _, err := client.ObjectsAPI.GetObjectVersions(ctx, os.Getenv("TAXII_COLLECTION"), os.Getenv("TAXII_OBJECT_ID")).Execute()
	if err != nil {
		log.Fatal(err)
	}
	for _, version := range versions.Versions {
		fmt.Println(version)
	}
}

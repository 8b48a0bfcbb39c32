// getCollections with openapi-generator's Go client (from taxii21.flat-match.yaml).
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

	list, _, err := client.CollectionsAPI.GetCollections(ctx).Execute()
	if err != nil {
		log.Fatal(err)
	}
	for _, collection := range list.Collections {
		fmt.Println(collection.Id, collection.Title, collection.CanRead, collection.CanWrite)
	}
}

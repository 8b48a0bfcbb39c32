// addObjects with openapi-generator's Go client (from taxii21.flat-match.yaml).
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

	indicator := map[string]interface{}{
		"type":         "indicator",
		"spec_version": "2.1",
		"id":           "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":      "2026-01-02T03:04:05.678Z",
		"modified":     "2026-01-02T03:04:05.678Z",
		"name":         "Known bad address",
		"pattern":      "[ipv4-addr:value = '198.51.100.7']",
		"pattern_type": "stix",
		"valid_from":   "2026-01-02T03:04:05.678Z",
	}
	envelope := taxii.AddObjectsEnvelope{Objects: []map[string]interface{}{indicator}}
	status, _, err := client.ObjectsAPI.AddObjects(ctx, os.Getenv("TAXII_COLLECTION")).AddObjectsEnvelope(envelope).Execute()
	if err != nil {
		log.Fatal(err)
	}
	// `pending` until the server has processed every object: poll GetStatus with this id.
	fmt.Println(status.Id, status.Status, status.SuccessCount, status.FailureCount)
}

// openapi-generator's Go client: one module from the flat-match variant (plain MatchType and so on)
// and one from the discovery variant. Settings: each client's server URL and the credentials in
// the request context; the media types come from the description.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	taxii "example.org/taxii21/client"
	discovery "example.org/taxii21/discovery"
)

type calls struct {
	ctx         context.Context
	root        *taxii.APIClient
	discovery   *discovery.APIClient
	read, write string
}

func (c calls) Discovery() ([]string, error) {
	d, _, err := c.discovery.DiscoveryAPI.GetDiscovery(c.ctx).Execute()
	if err != nil {
		return nil, err
	}
	return d.ApiRoots, nil
}

func (c calls) Collections() ([]string, error) {
	return collectionIDs(c.root.CollectionsAPI.GetCollections(c.ctx).Execute())
}

func collectionIDs(list *taxii.Collections, _ *http.Response, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, each := range list.Collections {
		ids = append(ids, each.Id)
	}
	return ids, nil
}

// CollectionsWithToken: its own way, the access token in the context, sent for the bearer scheme.
func (c calls) CollectionsWithToken(token string) ([]string, error) {
	ctx := context.WithValue(context.Background(), taxii.ContextAccessToken, token)
	return collectionIDs(c.root.CollectionsAPI.GetCollections(ctx).Execute())
}

// CollectionsWithCertificate: its own way, the Configuration's HTTPClient, here one whose TLS
// settings trust the given CA and present the client certificate.
func (c calls) CollectionsWithCertificate(apiRoot, ca, cert, key string) ([]string, error) {
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return nil, err
	}
	authority, err := os.ReadFile(ca)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(authority)
	config := taxii.NewConfiguration()
	config.Servers = taxii.ServerConfigurations{{URL: apiRoot}}
	config.HTTPClient = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{pair}}}}
	return collectionIDs(taxii.NewAPIClient(config).CollectionsAPI.GetCollections(context.Background()).Execute())
}

func (c calls) Objects(typ string, limit int, next string) (Page, error) {
	request := c.root.ObjectsAPI.GetObjects(c.ctx, c.read).MatchType(typ).Limit(int64(limit))
	if next != "" {
		request = request.Next(next)
	}
	envelope, _, err := request.Execute()
	if err != nil {
		return Page{}, err
	}
	page := Page{More: envelope.GetMore(), Next: envelope.GetNext()}
	for _, o := range envelope.Objects {
		page.Objects = append(page.Objects, identify(o))
	}
	return page, nil
}

func (c calls) Object(collectionID, objectID string) ([]string, error) {
	envelope, _, err := c.root.ObjectsAPI.GetObject(c.ctx, collectionID, objectID).Execute()
	if err != nil {
		return nil, err
	}
	ids := []string{}
	for _, o := range envelope.Objects {
		ids = append(ids, identify(o).ID)
	}
	return ids, nil
}

// Reserialise writes the envelope item out again with json.Marshal of its generated model.
func (c calls) Reserialise(collectionID, objectID string) ([]byte, error) {
	envelope, _, err := c.root.ObjectsAPI.GetObject(c.ctx, collectionID, objectID).Execute()
	if err != nil {
		return nil, err
	}
	if len(envelope.Objects) == 0 {
		return nil, fmt.Errorf("getObject of %s gave no object", objectID)
	}
	return json.Marshal(envelope.Objects[0])
}

func (c calls) Add(raw []byte) (string, error) {
	var envelope taxii.AddObjectsEnvelope
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return "", err
	}
	status, _, err := c.root.ObjectsAPI.AddObjects(c.ctx, c.write).AddObjectsEnvelope(envelope).Execute()
	if err != nil {
		return "", err
	}
	return status.Id, nil
}

func (c calls) Status(statusID string) (string, int, error) {
	status, _, err := c.root.StatusAPI.GetStatus(c.ctx, statusID).Execute()
	if err != nil {
		return "", 0, err
	}
	return string(status.Status), int(status.SuccessCount), nil
}

func (c calls) Versions(objectID string) ([]string, error) {
	versions, _, err := c.root.ObjectsAPI.GetObjectVersions(c.ctx, c.write, objectID).Execute()
	if err != nil {
		return nil, err
	}
	return versions.Versions, nil
}

func (c calls) Remove(objectID string) error {
	_, err := c.root.ObjectsAPI.DeleteObject(c.ctx, c.write, objectID).Execute()
	return err
}

// identify reads the id and type of an envelope item, whichever generated type holds it: a
// KnownStixObject (one struct per STIX 2.1 type) or an OtherStixObject.
func identify(o taxii.StixObject) Object {
	var item Object
	raw, _ := json.Marshal(o)
	_ = json.Unmarshal(raw, &struct {
		ID   *string `json:"id"`
		Type *string `json:"type"`
	}{&item.ID, &item.Type})
	return item
}

// known is an envelope item's STIX 2.1 type, nil for custom or STIX 2.0 objects.
func known(objects []taxii.StixObject) *taxii.KnownStixObject {
	if len(objects) == 0 {
		return nil
	}
	return objects[0].KnownStixObject
}

func (c calls) Typed(indicatorID string) (string, string, string, error) {
	malware, _, err := c.root.ObjectsAPI.GetObjects(c.ctx, c.read).MatchType("malware").Limit(1).Execute()
	if err != nil {
		return "", "", "", err
	}
	relationship, _, err := c.root.ObjectsAPI.GetObjects(c.ctx, c.read).MatchType("relationship").Limit(1).Execute()
	if err != nil {
		return "", "", "", err
	}
	added, _, err := c.root.ObjectsAPI.GetObject(c.ctx, c.write, indicatorID).Execute()
	if err != nil {
		return "", "", "", err
	}
	var name, relationshipType, pattern string
	if m := known(malware.Objects); m != nil && m.Malware != nil {
		name = m.Malware.GetName()
	}
	if r := known(relationship.Objects); r != nil && r.Relationship != nil {
		relationshipType = r.Relationship.GetRelationshipType()
	}
	if i := known(added.Objects); i != nil && i.Indicator != nil {
		pattern = i.Indicator.GetPattern()
	}
	return name, relationshipType, pattern, nil
}

func (c calls) IsGone(objectID string) (bool, error) {
	_, response, err := c.root.ObjectsAPI.GetObject(c.ctx, c.write, objectID).Execute()
	if response != nil && response.StatusCode == http.StatusNotFound {
		return true, nil
	}
	return false, err
}

func main() {
	rootConfig := taxii.NewConfiguration()
	rootConfig.Servers = taxii.ServerConfigurations{{URL: env("TAXII_API_ROOT")}}
	discoveryConfig := discovery.NewConfiguration()
	discoveryConfig.Servers = discovery.ServerConfigurations{{URL: env("TAXII_ORIGIN")}}
	// Both modules read credentials from the context under their own key.
	ctx := context.WithValue(context.Background(), taxii.ContextBasicAuth, taxii.BasicAuth{UserName: env("TAXII_USER"), Password: env("TAXII_PASSWORD")})
	ctx = context.WithValue(ctx, discovery.ContextBasicAuth, discovery.BasicAuth{UserName: env("TAXII_USER"), Password: env("TAXII_PASSWORD")})

	runScenario(calls{ctx: ctx, root: taxii.NewAPIClient(rootConfig), discovery: discovery.NewAPIClient(discoveryConfig), read: env("TAXII_READ_COLLECTION"), write: env("TAXII_WRITE_COLLECTION")})
}

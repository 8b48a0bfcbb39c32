// oapi-codegen's Go client (ClientWithResponses) from the OpenAPI 3.0 forms of the API-root and
// discovery variants: oapi-codegen reads 3.0 and serialises the deepObject `match` filters itself.
// Settings: each client's server URL and a request editor that adds the Basic credentials; the
// media types come from the description.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"sdkmatrix/discovery"
	"sdkmatrix/taxii"
)

type calls struct {
	ctx         context.Context
	root        *taxii.ClientWithResponses
	discovery   *discovery.ClientWithResponses
	read, write string
}

func unexpected(response *http.Response, body []byte) error {
	return fmt.Errorf("HTTP %d: %s", response.StatusCode, body)
}

func (c calls) Discovery() ([]string, error) {
	answer, err := c.discovery.GetDiscoveryWithResponse(c.ctx)
	if err != nil {
		return nil, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil {
		return nil, unexpected(answer.HTTPResponse, answer.Body)
	}
	return *answer.ApplicationtaxiiJSONVersion21200.ApiRoots, nil
}

func (c calls) Collections() ([]string, error) {
	return collectionIDs(c.root.GetCollectionsWithResponse(c.ctx))
}

// CollectionsWithToken: its own way, a request editor that sets the Authorization header (what its
// securityprovider package does for a bearer token).
func (c calls) CollectionsWithToken(token string) ([]string, error) {
	withToken := func(_ context.Context, request *http.Request) error {
		request.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
	client, err := taxii.NewClientWithResponses(env("TAXII_API_ROOT"), taxii.WithRequestEditorFn(withToken))
	if err != nil {
		return nil, err
	}
	return collectionIDs(client.GetCollectionsWithResponse(c.ctx))
}

func collectionIDs(answer *taxii.GetCollectionsResponse, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil {
		return nil, unexpected(answer.HTTPResponse, answer.Body)
	}
	ids := []string{}
	for _, each := range *answer.ApplicationtaxiiJSONVersion21200.Collections {
		ids = append(ids, each.Id)
	}
	return ids, nil
}

func page(envelope *taxii.Envelope) Page {
	result := Page{}
	if envelope.More != nil {
		result.More = *envelope.More
	}
	if envelope.Next != nil {
		result.Next = *envelope.Next
	}
	if envelope.Objects != nil {
		for _, o := range *envelope.Objects {
			result.Objects = append(result.Objects, identify(o))
		}
	}
	return result
}

// identify reads the id and type of an envelope item, whichever branch of the StixObject union
// holds it.
func identify(o taxii.StixObject) Object {
	var item Object
	raw, _ := json.Marshal(o)
	_ = json.Unmarshal(raw, &struct {
		ID   *string `json:"id"`
		Type *string `json:"type"`
	}{&item.ID, &item.Type})
	return item
}

// typedFirst is the first object of an envelope as its STIX 2.1 type's struct (Malware,
// Indicator, …), picked by the type discriminator; nil for custom or STIX 2.0 objects.
func typedFirst(envelope *taxii.Envelope) any {
	if envelope == nil || envelope.Objects == nil || len(*envelope.Objects) == 0 {
		return nil
	}
	known, err := (*envelope.Objects)[0].AsKnownStixObject()
	if err != nil {
		return nil
	}
	value, err := known.ValueByDiscriminator()
	if err != nil {
		return nil
	}
	return value
}

func (c calls) firstOfType(typ string) (*taxii.Envelope, error) {
	limit := int64(1)
	answer, err := c.root.GetObjectsWithResponse(c.ctx, c.read, &taxii.GetObjectsParams{Limit: &limit, Match: &taxii.MatchObjectsFilters{Type: &typ}})
	if err != nil {
		return nil, err
	}
	return answer.ApplicationtaxiiJSONVersion21200, nil
}

func (c calls) Typed(indicatorID string) (string, string, string, error) {
	malware, err := c.firstOfType("malware")
	if err != nil {
		return "", "", "", err
	}
	relationship, err := c.firstOfType("relationship")
	if err != nil {
		return "", "", "", err
	}
	added, err := c.root.GetObjectWithResponse(c.ctx, c.write, indicatorID, &taxii.GetObjectParams{})
	if err != nil {
		return "", "", "", err
	}
	var name, relationshipType, pattern string
	if m, ok := typedFirst(malware).(taxii.Malware); ok && m.Name != nil {
		name = *m.Name
	}
	if r, ok := typedFirst(relationship).(taxii.Relationship); ok {
		relationshipType = r.RelationshipType
	}
	if i, ok := typedFirst(added.ApplicationtaxiiJSONVersion21200).(taxii.Indicator); ok {
		pattern = i.Pattern
	}
	return name, relationshipType, pattern, nil
}

func (c calls) Objects(typ string, limit int, next string) (Page, error) {
	pageSize := int64(limit)
	params := &taxii.GetObjectsParams{Limit: &pageSize, Match: &taxii.MatchObjectsFilters{Type: &typ}}
	if next != "" {
		params.Next = &next
	}
	answer, err := c.root.GetObjectsWithResponse(c.ctx, c.read, params)
	if err != nil {
		return Page{}, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil {
		return Page{}, unexpected(answer.HTTPResponse, answer.Body)
	}
	return page(answer.ApplicationtaxiiJSONVersion21200), nil
}

// Reserialise writes the envelope item out again from the generated StixObject, which keeps the
// item's JSON as it arrived (a union of raw JSON).
func (c calls) Reserialise(collectionID, objectID string) ([]byte, error) {
	answer, err := c.root.GetObjectWithResponse(c.ctx, collectionID, objectID, &taxii.GetObjectParams{})
	if err != nil {
		return nil, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil || answer.ApplicationtaxiiJSONVersion21200.Objects == nil {
		return nil, unexpected(answer.HTTPResponse, answer.Body)
	}
	return json.Marshal((*answer.ApplicationtaxiiJSONVersion21200.Objects)[0])
}

func (c calls) Object(collectionID, objectID string) ([]string, error) {
	answer, err := c.root.GetObjectWithResponse(c.ctx, collectionID, objectID, &taxii.GetObjectParams{})
	if err != nil {
		return nil, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil {
		return nil, unexpected(answer.HTTPResponse, answer.Body)
	}
	ids := []string{}
	for _, o := range page(answer.ApplicationtaxiiJSONVersion21200).Objects {
		ids = append(ids, o.ID)
	}
	return ids, nil
}

func (c calls) Add(raw []byte) (string, error) {
	var envelope taxii.AddObjectsEnvelope
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return "", err
	}
	answer, err := c.root.AddObjectsWithApplicationTaxiiPlusJSONVersion21BodyWithResponse(c.ctx, c.write, envelope)
	if err != nil {
		return "", err
	}
	if answer.ApplicationtaxiiJSONVersion21202 == nil {
		return "", unexpected(answer.HTTPResponse, answer.Body)
	}
	return answer.ApplicationtaxiiJSONVersion21202.Id, nil
}

func (c calls) Status(statusID string) (string, int, error) {
	answer, err := c.root.GetStatusWithResponse(c.ctx, statusID)
	if err != nil {
		return "", 0, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil {
		return "", 0, unexpected(answer.HTTPResponse, answer.Body)
	}
	return string(answer.ApplicationtaxiiJSONVersion21200.Status), answer.ApplicationtaxiiJSONVersion21200.SuccessCount, nil
}

func (c calls) Versions(objectID string) ([]string, error) {
	answer, err := c.root.GetObjectVersionsWithResponse(c.ctx, c.write, objectID, &taxii.GetObjectVersionsParams{})
	if err != nil {
		return nil, err
	}
	if answer.ApplicationtaxiiJSONVersion21200 == nil || answer.ApplicationtaxiiJSONVersion21200.Versions == nil {
		return nil, unexpected(answer.HTTPResponse, answer.Body)
	}
	return *answer.ApplicationtaxiiJSONVersion21200.Versions, nil
}

func (c calls) Remove(objectID string) error {
	answer, err := c.root.DeleteObjectWithResponse(c.ctx, c.write, objectID, &taxii.DeleteObjectParams{})
	if err != nil {
		return err
	}
	if answer.StatusCode() != http.StatusOK {
		return unexpected(answer.HTTPResponse, answer.Body)
	}
	return nil
}

func (c calls) IsGone(objectID string) (bool, error) {
	answer, err := c.root.GetObjectWithResponse(c.ctx, c.write, objectID, &taxii.GetObjectParams{})
	if err != nil {
		return false, err
	}
	return answer.StatusCode() == http.StatusNotFound, nil
}

func main() {
	user, password := env("TAXII_USER"), env("TAXII_PASSWORD")
	withCredentials := func(_ context.Context, request *http.Request) error {
		request.SetBasicAuth(user, password)
		return nil
	}
	root, err := taxii.NewClientWithResponses(env("TAXII_API_ROOT"), taxii.WithRequestEditorFn(withCredentials))
	if err != nil {
		panic(err)
	}
	origin, err := discovery.NewClientWithResponses(env("TAXII_ORIGIN"), discovery.WithRequestEditorFn(withCredentials))
	if err != nil {
		panic(err)
	}
	runScenario(calls{ctx: context.Background(), root: root, discovery: origin, read: env("TAXII_READ_COLLECTION"), write: env("TAXII_WRITE_COLLECTION")})
}

// The eleven TAXII operations, as the generated StrictServerInterface asks for them: each takes
// the generated request object and returns a generated response, or a *taxiiError, or a page.
package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"taxiiserver/taxii"
)

const stix21 = "application/stix+json;version=2.1"

type server struct {
	store       *store
	title       string
	description string
	roots       map[string]*apiRoot
	order       []string // API root names as configured, for discovery
}

var _ taxii.StrictServerInterface = (*server)(nil)

// pageResponse is a page of objects, versions or manifest records: X-TAXII-Date-Added-First and
// -Last are sent only when the page holds records (the generated responses always send both, and
// an empty page has no dates to give).
type pageResponse struct {
	body        any
	first, last string
}

func (p pageResponse) write(w http.ResponseWriter) error {
	if p.first != "" {
		w.Header().Set("X-TAXII-Date-Added-First", p.first)
		w.Header().Set("X-TAXII-Date-Added-Last", p.last)
	}
	return writeJSON(w, http.StatusOK, p.body)
}

func (p pageResponse) VisitGetObjectsResponse(w http.ResponseWriter) error        { return p.write(w) }
func (p pageResponse) VisitGetObjectResponse(w http.ResponseWriter) error         { return p.write(w) }
func (p pageResponse) VisitGetObjectVersionsResponse(w http.ResponseWriter) error { return p.write(w) }
func (p pageResponse) VisitGetManifestResponse(w http.ResponseWriter) error       { return p.write(w) }

func (e *taxiiError) VisitGetDiscoveryResponse(w http.ResponseWriter) error      { return e.write(w) }
func (e *taxiiError) VisitGetApiRootResponse(w http.ResponseWriter) error        { return e.write(w) }
func (e *taxiiError) VisitGetCollectionsResponse(w http.ResponseWriter) error    { return e.write(w) }
func (e *taxiiError) VisitGetCollectionResponse(w http.ResponseWriter) error     { return e.write(w) }
func (e *taxiiError) VisitGetManifestResponse(w http.ResponseWriter) error       { return e.write(w) }
func (e *taxiiError) VisitGetObjectsResponse(w http.ResponseWriter) error        { return e.write(w) }
func (e *taxiiError) VisitAddObjectsResponse(w http.ResponseWriter) error        { return e.write(w) }
func (e *taxiiError) VisitDeleteObjectResponse(w http.ResponseWriter) error      { return e.write(w) }
func (e *taxiiError) VisitGetObjectResponse(w http.ResponseWriter) error         { return e.write(w) }
func (e *taxiiError) VisitGetObjectVersionsResponse(w http.ResponseWriter) error { return e.write(w) }
func (e *taxiiError) VisitGetStatusResponse(w http.ResponseWriter) error         { return e.write(w) }

// Page sizes: what a client gets without limit, and the most it gets with one (§3.4: the server
// may return fewer than asked).
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

func (s *server) GetDiscovery(ctx context.Context, _ taxii.GetDiscoveryRequestObject) (taxii.GetDiscoveryResponseObject, error) {
	roots := make([]string, 0, len(s.order))
	for _, name := range s.order {
		roots = append(roots, "/"+name+"/")
	}
	d := taxii.GetDiscovery200ApplicationTaxiiPlusJSONVersion21Response{Title: s.title, ApiRoots: &roots}
	if s.description != "" {
		d.Description = &s.description
	}
	if len(roots) > 0 {
		d.Default = &roots[0]
	}
	return d, nil
}

func (s *server) root(name string) (*apiRoot, *taxiiError) {
	if root := s.roots[name]; root != nil {
		return root, nil
	}
	return nil, failure(404, "No API root at /%s/.", name)
}

func (s *server) GetApiRoot(ctx context.Context, request taxii.GetApiRootRequestObject) (taxii.GetApiRootResponseObject, error) {
	root, problem := s.root(request.ApiRoot)
	if problem != nil {
		return problem, nil
	}
	return taxii.GetApiRoot200ApplicationTaxiiPlusJSONVersion21Response{Title: root.title, Versions: []string{taxiiMediaType}, MaxContentLength: root.maxContentLength}, nil
}

func describe(c *collection, user string) taxii.Collection {
	out := taxii.Collection{Id: c.id, Title: c.title, CanRead: c.readers[user], CanWrite: c.writers[user], MediaTypes: &[]string{stix21}}
	if c.alias != "" {
		out.Alias = &c.alias
	}
	if c.description != "" {
		out.Description = &c.description
	}
	return out
}

func (s *server) GetCollections(ctx context.Context, request taxii.GetCollectionsRequestObject) (taxii.GetCollectionsResponseObject, error) {
	root, problem := s.root(request.ApiRoot)
	if problem != nil {
		return problem, nil
	}
	user := currentUser(ctx)
	listed := []taxii.Collection{}
	for _, c := range root.collections {
		if c.readers[user] || c.writers[user] {
			listed = append(listed, describe(c, user))
		}
	}
	return taxii.GetCollections200ApplicationTaxiiPlusJSONVersion21Response{Collections: &listed}, nil
}

// access is what a request must be allowed to do with a collection.
type access int

const (
	toRead access = iota
	toWrite
	toDelete // both rights (§5.7)
)

// collectionFor finds a collection by id or alias and checks the user's rights: a collection
// the user may neither read nor write is not revealed (404); one right short is 403.
func (s *server) collectionFor(ctx context.Context, rootName, id string, need access) (*apiRoot, *collection, *taxiiError) {
	root, problem := s.root(rootName)
	if problem != nil {
		return nil, nil, problem
	}
	user := currentUser(ctx)
	for _, c := range root.collections {
		if c.id != id && (c.alias == "" || c.alias != id) {
			continue
		}
		canRead, canWrite := c.readers[user], c.writers[user]
		switch {
		case !canRead && !canWrite:
		case need == toRead && !canRead:
			return nil, nil, failure(403, "You may not read this collection.")
		case need == toWrite && !canWrite:
			return nil, nil, failure(403, "You may not add objects to this collection.")
		case need == toDelete && !(canRead && canWrite):
			return nil, nil, failure(403, "Deleting needs the rights to read and to write this collection.")
		default:
			return root, c, nil
		}
		break
	}
	return nil, nil, failure(404, "No collection %s in this API root.", id)
}

func (s *server) GetCollection(ctx context.Context, request taxii.GetCollectionRequestObject) (taxii.GetCollectionResponseObject, error) {
	root, problem := s.root(request.ApiRoot)
	if problem != nil {
		return problem, nil
	}
	user := currentUser(ctx)
	for _, c := range root.collections {
		if (c.id == request.CollectionId || (c.alias != "" && c.alias == request.CollectionId)) && (c.readers[user] || c.writers[user]) {
			return taxii.GetCollection200ApplicationTaxiiPlusJSONVersion21Response(describe(c, user)), nil
		}
	}
	return failure(404, "No collection %s in this API root.", request.CollectionId), nil
}

// query is what the filter parameters of every listing operation share.
type query struct {
	addedAfter, next                   *string
	ids, types, versions, specVersions *string
	limitValue                         *int64
}

func list(value *string) map[string]bool {
	if value == nil {
		return nil
	}
	return set(strings.Split(*value, ","))
}

// parse checks the filters and says what they select; defaultVersion is `last` (§3.4.1) for every
// operation but getObjectVersions, which lists every version.
func (q query) parse(defaultVersion string) (filters, *time.Time, int, *taxiiError) {
	f := filters{ids: list(q.ids), types: list(q.types), specVersions: list(q.specVersions)}
	if q.addedAfter != nil {
		at, ok := parseTimestamp(*q.addedAfter)
		if !ok {
			return f, nil, 0, failure(400, "added_after must be an RFC 3339 timestamp in UTC ending in Z; %q is not one.", *q.addedAfter)
		}
		f.addedAfter = &at
	}
	versions := defaultVersion
	if q.versions != nil {
		versions = *q.versions
	}
	for _, v := range strings.Split(versions, ",") {
		switch v {
		case "all":
			f.versions.all = true
		case "first":
			f.versions.first = true
		case "last":
			f.versions.last = true
		default:
			at, ok := parseTimestamp(v)
			if !ok {
				return f, nil, 0, failure(400, "match[version] takes all, first, last or STIX timestamps; %q is none of them.", v)
			}
			f.versions.exact = append(f.versions.exact, at)
		}
	}
	limit := defaultPageSize
	if q.limitValue != nil {
		if *q.limitValue < 1 {
			return f, nil, 0, failure(400, "limit must be a positive whole number.")
		}
		limit = int(min(*q.limitValue, maxPageSize))
	}
	var after *time.Time
	if q.next != nil {
		at, err := time.Parse(taxiiTime, *q.next)
		if err != nil {
			return f, nil, 0, failure(400, "This next value was not issued by this server.")
		}
		after = &at
	}
	return f, after, limit, nil
}

// read selects and pages a collection's records under the store's lock.
func (s *server) read(c *collection, q query, defaultVersion string, onlyID string) ([]*record, bool, *taxiiError, bool) {
	f, after, limit, problem := q.parse(defaultVersion)
	if problem != nil {
		return nil, false, problem, false
	}
	exists := true
	if onlyID != "" {
		f.ids = map[string]bool{onlyID: true}
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if onlyID != "" {
		exists = len(c.selected(filters{ids: f.ids, versions: versionSelection{all: true}, specVersions: map[string]bool{"2.1": true}})) > 0
	}
	records, more := page(c.selected(f), after, limit)
	return records, more, nil, exists
}

func span(records []*record) (string, string) {
	if len(records) == 0 {
		return "", ""
	}
	return records[0].dateAdded.Format(taxiiTime), records[len(records)-1].dateAdded.Format(taxiiTime)
}

func nextOf(records []*record, more bool) (*bool, *string) {
	if !more {
		return &more, nil
	}
	next := records[len(records)-1].dateAdded.Format(taxiiTime)
	return &more, &next
}

func envelope(records []*record, more bool) (pageResponse, error) {
	objects := make([]taxii.StixObject, len(records))
	for i, r := range records {
		if err := json.Unmarshal(r.raw, &objects[i]); err != nil {
			return pageResponse{}, err
		}
	}
	return pageOf(records, more, func(more *bool, next *string) any {
		body := taxii.Envelope{More: more, Next: next}
		if len(objects) > 0 {
			body.Objects = &objects
		}
		return body
	}), nil
}

// pageOf answers a page: the body its caller builds around more and next, and the page's span of
// date_added for the headers.
func pageOf(records []*record, more bool, body func(more *bool, next *string) any) pageResponse {
	m, n := nextOf(records, more)
	first, last := span(records)
	return pageResponse{body: body(m, n), first: first, last: last}
}

func (s *server) GetObjects(ctx context.Context, request taxii.GetObjectsRequestObject) (taxii.GetObjectsResponseObject, error) {
	_, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toRead)
	if problem != nil {
		return problem, nil
	}
	p := request.Params
	records, more, problem, _ := s.read(c, query{addedAfter: p.AddedAfter, next: p.Next, limitValue: p.Limit, ids: p.MatchId, types: p.MatchType, versions: p.MatchVersion, specVersions: p.MatchSpecVersion}, "last", "")
	if problem != nil {
		return problem, nil
	}
	return envelope(records, more)
}

func (s *server) GetObject(ctx context.Context, request taxii.GetObjectRequestObject) (taxii.GetObjectResponseObject, error) {
	_, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toRead)
	if problem != nil {
		return problem, nil
	}
	p := request.Params
	records, more, problem, exists := s.read(c, query{addedAfter: p.AddedAfter, next: p.Next, limitValue: p.Limit, versions: p.MatchVersion, specVersions: p.MatchSpecVersion}, "last", request.ObjectId)
	if problem != nil {
		return problem, nil
	}
	if !exists {
		return failure(404, "No object with this id in this collection."), nil
	}
	return envelope(records, more)
}

func (s *server) GetObjectVersions(ctx context.Context, request taxii.GetObjectVersionsRequestObject) (taxii.GetObjectVersionsResponseObject, error) {
	_, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toRead)
	if problem != nil {
		return problem, nil
	}
	p := request.Params
	records, more, problem, exists := s.read(c, query{addedAfter: p.AddedAfter, next: p.Next, limitValue: p.Limit, specVersions: p.MatchSpecVersion}, "all", request.ObjectId)
	if problem != nil {
		return problem, nil
	}
	if !exists {
		return failure(404, "No object with this id in this collection."), nil
	}
	versions := make([]string, len(records))
	for i, r := range records {
		versions[i] = r.version
	}
	return pageOf(records, more, func(more *bool, next *string) any {
		body := taxii.Versions{More: more, Next: next}
		if len(versions) > 0 {
			body.Versions = &versions
		}
		return body
	}), nil
}

func (s *server) GetManifest(ctx context.Context, request taxii.GetManifestRequestObject) (taxii.GetManifestResponseObject, error) {
	_, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toRead)
	if problem != nil {
		return problem, nil
	}
	p := request.Params
	records, more, problem, _ := s.read(c, query{addedAfter: p.AddedAfter, next: p.Next, limitValue: p.Limit, ids: p.MatchId, types: p.MatchType, versions: p.MatchVersion, specVersions: p.MatchSpecVersion}, "last", "")
	if problem != nil {
		return problem, nil
	}
	manifest := make([]taxii.ManifestRecord, len(records))
	for i, r := range records {
		mediaType := "application/stix+json;version=" + r.specVersion
		manifest[i] = taxii.ManifestRecord{Id: r.id, DateAdded: r.dateAdded.Format(taxiiTime), Version: r.version, MediaType: &mediaType}
	}
	return pageOf(records, more, func(more *bool, next *string) any {
		body := taxii.Manifest{More: more, Next: next}
		if len(manifest) > 0 {
			body.Objects = &manifest
		}
		return body
	}), nil
}

func (s *server) AddObjects(ctx context.Context, request taxii.AddObjectsRequestObject) (taxii.AddObjectsResponseObject, error) {
	root, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toWrite)
	if problem != nil {
		return problem, nil
	}
	if request.ApplicationTaxiiPlusJSONBody == nil {
		return failure(415, "Send the envelope as %s.", taxiiMediaType), nil
	}
	if request.ApplicationTaxiiPlusJSONBody.Objects == nil {
		return failure(400, "The body is not an envelope: it has no objects list."), nil
	}
	// The generated code hands the objects over decoded into maps; each is stored encoded again.
	// Keys come out sorted, and numbers survive: STIX integers fit in a float64 (STIX 2.1 §2.6).
	var objects []json.RawMessage
	for _, o := range request.ApplicationTaxiiPlusJSONBody.Objects {
		raw, err := json.Marshal(o)
		if err != nil {
			return failure(400, "%s", err.Error()), nil
		}
		objects = append(objects, raw)
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	requested := s.store.stamp().Format(taxiiTime)
	successes, failures := []taxii.StatusDetails{}, []taxii.StatusDetails{}
	for _, raw := range objects {
		rec, why := newRecord(raw, s.store.stamp())
		if why != "" {
			var named struct {
				ID       string `json:"id"`
				Modified string `json:"modified"`
			}
			_ = json.Unmarshal(raw, &named)
			failures = append(failures, taxii.StatusDetails{Id: named.ID, Version: named.Modified, Message: &why})
			continue
		}
		detail := taxii.StatusDetails{Id: rec.id, Version: rec.version}
		if c.has(rec.id, rec.versionAt) {
			// The same id and version again is not an error (§5.5); it is not stored twice.
			message := "Already stored; not stored again."
			detail.Message = &message
		} else {
			c.records = append(c.records, rec)
		}
		successes = append(successes, detail)
	}
	status := taxii.Status{Id: uuid.NewString(), Status: "complete", RequestTimestamp: &requested, TotalCount: len(objects), SuccessCount: len(successes), FailureCount: len(failures)}
	// The lists are left out when empty: the standard gives them at least one entry.
	if len(successes) > 0 {
		status.Successes = &successes
	}
	if len(failures) > 0 {
		status.Failures = &failures
	}
	root.statuses[status.Id] = status
	return taxii.AddObjects202ApplicationTaxiiPlusJSONVersion21Response(status), nil
}

func (s *server) DeleteObject(ctx context.Context, request taxii.DeleteObjectRequestObject) (taxii.DeleteObjectResponseObject, error) {
	_, c, problem := s.collectionFor(ctx, request.ApiRoot, request.CollectionId, toDelete)
	if problem != nil {
		return problem, nil
	}
	p := request.Params
	f, _, _, problem := query{versions: p.MatchVersion, specVersions: p.MatchSpecVersion}.parse("last")
	if problem != nil {
		return problem, nil
	}
	f.ids = map[string]bool{request.ObjectId: true}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	doomed := c.selected(f)
	if len(doomed) == 0 {
		return failure(404, "No version of an object with this id matches the filters in this collection."), nil
	}
	c.remove(doomed)
	return taxii.DeleteObject200Response{}, nil
}

func (s *server) GetStatus(ctx context.Context, request taxii.GetStatusRequestObject) (taxii.GetStatusResponseObject, error) {
	root, problem := s.root(request.ApiRoot)
	if problem != nil {
		return problem, nil
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	status, found := root.statuses[request.StatusId]
	if !found {
		return failure(404, "No status %s in this API root.", request.StatusId), nil
	}
	return taxii.GetStatus200ApplicationTaxiiPlusJSONVersion21Response(status), nil
}

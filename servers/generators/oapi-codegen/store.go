// The TAXII collections this server holds, in memory: each stored object version is a record with
// its JSON, so that what a client reads back is what was added, custom properties and all. One
// mutex guards everything.
package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// record is one version of one object in one collection.
type record struct {
	id          string
	kind        string // the STIX type
	version     string // modified, else created, else date_added (TAXII 2.1 §3.4.1)
	versionAt   time.Time
	specVersion string
	dateAdded   time.Time // unique within the server, microsecond precision
	raw         json.RawMessage
}

type collection struct {
	id, alias, title, description string
	readers, writers              map[string]bool
	records                       []*record // in date_added order
}

type store struct {
	mu        sync.Mutex
	lastAdded time.Time
}

const taxiiTime = "2006-01-02T15:04:05.000000Z"

// stamp gives each stored record a date_added later than every earlier one, so that a client
// paging with added_after never skips or repeats a record.
func (s *store) stamp() time.Time {
	now := time.Now().UTC().Truncate(time.Microsecond)
	if !now.After(s.lastAdded) {
		now = s.lastAdded.Add(time.Microsecond)
	}
	s.lastAdded = now
	return now
}

var stixID = regexp.MustCompile(`^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// parseTimestamp reads an RFC 3339 UTC timestamp ending in Z; time.Parse also refuses 30 February.
func parseTimestamp(text string) (time.Time, bool) {
	if !strings.HasSuffix(text, "Z") {
		return time.Time{}, false
	}
	at, err := time.Parse(time.RFC3339Nano, text)
	return at, err == nil
}

// newRecord checks the little TAXII needs of an object (a type, an id of that type) and works out
// its version; the message says why an object cannot be stored.
func newRecord(raw json.RawMessage, dateAdded time.Time) (*record, string) {
	var fields struct {
		Type        *string `json:"type"`
		ID          *string `json:"id"`
		SpecVersion *string `json:"spec_version"`
		Created     *string `json:"created"`
		Modified    *string `json:"modified"`
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, "not a STIX object: " + err.Error()
	}
	if fields.Type == nil || fields.ID == nil {
		return nil, "a STIX object needs a type and an id"
	}
	match := stixID.FindStringSubmatch(*fields.ID)
	if match == nil || match[1] != *fields.Type {
		return nil, fmt.Sprintf("the id %q is not <type>--<UUID> for the type %q", *fields.ID, *fields.Type)
	}
	if fields.SpecVersion == nil || *fields.SpecVersion != "2.1" {
		return nil, "this collection holds STIX 2.1 objects only (spec_version \"2.1\")"
	}
	r := &record{id: *fields.ID, kind: *fields.Type, specVersion: *fields.SpecVersion, dateAdded: dateAdded, raw: raw}
	for _, candidate := range []*string{fields.Modified, fields.Created} {
		if candidate != nil {
			at, ok := parseTimestamp(*candidate)
			if !ok {
				return nil, fmt.Sprintf("%q is not an RFC 3339 UTC timestamp", *candidate)
			}
			r.version, r.versionAt = *candidate, at
			return r, ""
		}
	}
	r.version, r.versionAt = dateAdded.Format(taxiiTime), dateAdded
	return r, ""
}

func (c *collection) has(id string, versionAt time.Time) bool {
	for _, r := range c.records {
		if r.id == id && r.versionAt.Equal(versionAt) {
			return true
		}
	}
	return false
}

// filters are a request's added_after and match[...] parameters, already checked.
type filters struct {
	addedAfter   *time.Time
	ids, types   map[string]bool
	specVersions map[string]bool // nil: the newest spec version of each object
	versions     versionSelection
}

type versionSelection struct {
	all, first, last bool
	exact            []time.Time
}

// selected applies the filters: per object, the versions of the chosen spec versions, then the
// chosen versions among them; then type, id and added_after; in date_added order.
func (c *collection) selected(f filters) []*record {
	byObject := map[string][]*record{}
	for _, r := range c.records {
		if (f.ids == nil || f.ids[r.id]) && (f.types == nil || f.types[r.kind]) {
			byObject[r.id] = append(byObject[r.id], r)
		}
	}
	var out []*record
	for _, versions := range byObject {
		versions = bySpecVersion(versions, f.specVersions)
		sort.Slice(versions, func(i, j int) bool { return versions[i].versionAt.Before(versions[j].versionAt) })
		for i, r := range versions {
			if f.versions.picks(r, i == 0, i == len(versions)-1) && (f.addedAfter == nil || r.dateAdded.After(*f.addedAfter)) {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].dateAdded.Before(out[j].dateAdded) })
	return out
}

func bySpecVersion(versions []*record, wanted map[string]bool) []*record {
	if wanted == nil {
		newest := ""
		for _, r := range versions {
			if r.specVersion > newest {
				newest = r.specVersion
			}
		}
		wanted = map[string]bool{newest: true}
	}
	var kept []*record
	for _, r := range versions {
		if wanted[r.specVersion] {
			kept = append(kept, r)
		}
	}
	return kept
}

func (v versionSelection) picks(r *record, first, last bool) bool {
	if v.all || (v.first && first) || (v.last && last) {
		return true
	}
	for _, at := range v.exact {
		if at.Equal(r.versionAt) {
			return true
		}
	}
	return false
}

// page cuts a selection at `after` (the date_added a previous page ended at, from its next
// value) and at limit; more says whether anything is left.
func page(records []*record, after *time.Time, limit int) (kept []*record, more bool) {
	start := 0
	if after != nil {
		start = sort.Search(len(records), func(i int) bool { return records[i].dateAdded.After(*after) })
	}
	records = records[start:]
	if len(records) > limit {
		return records[:limit], true
	}
	return records, false
}

func (c *collection) remove(doomed []*record) {
	gone := map[*record]bool{}
	for _, r := range doomed {
		gone[r] = true
	}
	kept := c.records[:0]
	for _, r := range c.records {
		if !gone[r] {
			kept = append(kept, r)
		}
	}
	c.records = kept
}

// The live scenario for Go clients (README.md, "The live scenario"). Each recipe supplies the
// calls, made with its generated client; the checks here are the same for all of them. One line
// per step on stdout: "STEP <name> ok" or "STEP <name> fail <why>".
package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Object is what the scenario needs of a STIX object in a page.
type Object struct{ ID, Type string }

// Page is what the scenario needs of an envelope.
type Page struct {
	More    bool
	Next    string
	Objects []Object
}

// Calls are the TAXII requests, made with the generated client.
type Calls interface {
	Discovery() ([]string, error)
	Collections() ([]string, error)
	Objects(typ string, limit int, next string) (Page, error)
	Object(collectionID, objectID string) ([]string, error)
	// Add posts an envelope, given as JSON, to the write collection and returns the status id.
	Add(envelope []byte) (string, error)
	Status(statusID string) (status string, successes int, err error)
	Versions(objectID string) ([]string, error)
	Remove(objectID string) error
	// IsGone is getObject for an id that was deleted: true when the server answered 404.
	IsGone(objectID string) (bool, error)
	// Typed reads three properties through the generated STIX types, not an open map: the name
	// of the first malware of the read collection (Malware), the relationship_type of its first
	// relationship (Relationship), and the pattern of the added indicator (Indicator).
	Typed(indicatorID string) (malwareName, relationshipType, pattern string, err error)
	// Reserialise reads one object with getObject into the generator's own model and writes it out
	// again with json.Marshal of that model (not the response text): what a program that reads,
	// keeps and re-sends an object through this SDK sends.
	Reserialise(collectionID, objectID string) ([]byte, error)
	// CollectionsWithToken is getCollections by a client of its own that logs in with an API
	// token (Authorization: Bearer) instead of the user name and password, set the generator's
	// own way where it has one.
	CollectionsWithToken(token string) ([]string, error)
}

func contains(ids []string, id string) bool {
	for _, each := range ids {
		if each == id {
			return true
		}
	}
	return false
}

// firstDifference says where two JSON values first differ; "" when they are equal.
func firstDifference(got, want any, at string) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	if w, ok := want.([]any); ok {
		if g, ok := got.([]any); ok && len(g) == len(w) {
			for i := range w {
				if inner := firstDifference(g[i], w[i], fmt.Sprintf("%s%d.", at, i)); inner != "" {
					return inner
				}
			}
		}
	}
	if w, ok := want.(map[string]any); ok {
		if g, ok := got.(map[string]any); ok {
			for key, value := range w {
				if _, present := g[key]; !present {
					return at + key + " is missing"
				}
				if inner := firstDifference(g[key], value, at+key+"."); inner != "" {
					return inner
				}
			}
			for key, value := range g {
				if _, present := w[key]; !present {
					return fmt.Sprintf("%s%s was added (%v)", at, key, value)
				}
			}
		}
	}
	gotText, _ := json.Marshal(got)
	wantText, _ := json.Marshal(want)
	return fmt.Sprintf("%s is %.80s, not %.80s", strings.TrimSuffix(at, "."), gotText, wantText)
}

// ProbePattern is the pattern of the indicator the scenario adds.
const ProbePattern = "[ipv4-addr:value = '198.51.100.7']"

func env(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fmt.Fprintf(os.Stderr, "%s is not set\n", name)
		os.Exit(2)
	}
	return value
}

func check(condition bool, format string, args ...any) error {
	if condition {
		return nil
	}
	return fmt.Errorf(format, args...)
}

func runScenario(calls Calls) {
	apiRoot, origin := env("TAXII_API_ROOT"), env("TAXII_ORIGIN")
	read, write := env("TAXII_READ_COLLECTION"), env("TAXII_WRITE_COLLECTION")
	typ := env("TAXII_TYPE")
	limit, _ := strconv.Atoi(env("TAXII_LIMIT"))
	expected, _ := strconv.Atoi(env("TAXII_EXPECTED"))
	newID, version := env("TAXII_NEW_ID"), env("TAXII_NEW_VERSION")
	var first Page
	var statusID string
	failed := 0

	step := func(name string, action func() error) {
		if err := action(); err != nil {
			failed++
			fmt.Printf("STEP %s fail %s\n", name, strings.SplitN(err.Error(), "\n", 2)[0])
			return
		}
		fmt.Printf("STEP %s ok\n", name)
	}

	step("discovery", func() error {
		roots, err := calls.Discovery()
		if err != nil {
			return err
		}
		base, _ := url.Parse(origin + "/taxii2/")
		for _, root := range roots {
			if resolved, err := base.Parse(root); err == nil && resolved.String() == apiRoot+"/" {
				return nil
			}
		}
		return fmt.Errorf("api_roots %v lack %s/", roots, apiRoot)
	})
	step("collections", func() error {
		ids, err := calls.Collections()
		if err != nil {
			return err
		}
		return check(contains(ids, read) && contains(ids, write), "collections %v lack %s or %s", ids, read, write)
	})
	step("filter", func() error {
		var err error
		if first, err = calls.Objects(typ, limit, ""); err != nil {
			return err
		}
		for _, o := range first.Objects {
			if o.Type != typ {
				return fmt.Errorf("a type other than %s: %s", typ, o.Type)
			}
		}
		if err := check(len(first.Objects) == limit, "%d objects, asked for %d", len(first.Objects), limit); err != nil {
			return err
		}
		return check(first.More && first.Next != "", "no more/next on a first page")
	})
	step("paging", func() error {
		ids := map[string]bool{}
		page := first
		for pages := 1; ; pages++ {
			for _, o := range page.Objects {
				ids[o.ID] = true
			}
			if !page.More || page.Next == "" {
				break
			}
			if pages >= 100 {
				return fmt.Errorf("more than 100 pages")
			}
			var err error
			if page, err = calls.Objects(typ, limit, page.Next); err != nil {
				return err
			}
		}
		return check(len(ids) == expected, "%d distinct objects, expected %d", len(ids), expected)
	})
	step("object", func() error {
		if len(first.Objects) == 0 {
			return fmt.Errorf("no object id from the filter step")
		}
		id := first.Objects[0].ID
		ids, err := calls.Object(read, id)
		if err != nil {
			return err
		}
		return check(len(ids) == 1 && ids[0] == id, "getObject gave %v", ids)
	})
	step("add", func() error {
		indicator := map[string]any{"type": "indicator", "spec_version": "2.1", "id": newID, "created": version, "modified": version, "name": "SDK matrix probe", "pattern": ProbePattern, "pattern_type": "stix", "valid_from": version}
		envelope, _ := json.Marshal(map[string]any{"objects": []any{indicator}})
		var err error
		statusID, err = calls.Add(envelope)
		if err != nil {
			return err
		}
		return check(statusID != "", "no status id")
	})
	step("status", func() error {
		for tries := 0; tries < 20; tries++ {
			status, successes, err := calls.Status(statusID)
			if err != nil {
				return err
			}
			if status == "complete" {
				return check(successes == 1, "success_count %d", successes)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("not complete after 20 polls")
	})
	step("versions", func() error {
		versions, err := calls.Versions(newID)
		if err != nil {
			return err
		}
		want, _ := time.Parse(time.RFC3339Nano, version)
		if len(versions) != 1 {
			return fmt.Errorf("versions %v", versions)
		}
		got, err := time.Parse(time.RFC3339Nano, versions[0])
		return check(err == nil && got.Equal(want), "versions %v", versions)
	})
	step("typed", func() error {
		name, relationshipType, pattern, err := calls.Typed(newID)
		if err != nil {
			return err
		}
		if name == "" || relationshipType == "" {
			return fmt.Errorf("malware name %q, relationship_type %q read through the generated types", name, relationshipType)
		}
		return check(pattern == ProbePattern, "the Indicator type gave pattern %q", pattern)
	})
	step("delete", func() error {
		if err := calls.Remove(newID); err != nil {
			return err
		}
		gone, err := calls.IsGone(newID)
		if err != nil {
			return err
		}
		return check(gone, "the object is still there after deleteObject")
	})
	step("custom", func() error {
		// ATT&CK objects with custom properties (x_mitre_*) and of a custom type (x-mitre-tactic):
		// read through the SDK's models, re-sent under new ids, read back; nothing may change.
		var originals []map[string]any
		if err := json.Unmarshal([]byte(env("TAXII_CUSTOM_OBJECTS")), &originals); err != nil {
			return err
		}
		newIDs := strings.Split(env("TAXII_CUSTOM_NEW_IDS"), ",")
		copies := []map[string]any{}
		for i, original := range originals {
			var kept map[string]any
			raw, err := calls.Reserialise(read, original["id"].(string))
			if err == nil {
				err = json.Unmarshal(raw, &kept)
			}
			if err != nil {
				return err
			}
			if changed := firstDifference(kept, any(original), ""); changed != "" {
				return fmt.Errorf("%s read and re-serialised: %s", original["id"], changed)
			}
			kept["id"] = newIDs[i]
			copies = append(copies, kept)
		}
		envelope, _ := json.Marshal(map[string]any{"objects": copies})
		if _, err := calls.Add(envelope); err != nil {
			return err
		}
		for _, sent := range copies {
			var back map[string]any
			raw, err := calls.Reserialise(write, sent["id"].(string))
			if err == nil {
				err = json.Unmarshal(raw, &back)
			}
			calls.Remove(sent["id"].(string))
			if err != nil {
				return err
			}
			if changed := firstDifference(back, any(sent), ""); changed != "" {
				return fmt.Errorf("%s pushed and read back: %s", sent["type"], changed)
			}
		}
		return nil
	})
	step("token", func() error {
		ids, err := calls.CollectionsWithToken(env("TAXII_TOKEN"))
		if err != nil {
			return err
		}
		return check(contains(ids, read) && contains(ids, write), "with the token, collections %v lack %s or %s", ids, read, write)
	})
	// Optional: only recipes whose calls can present a client certificate run this step.
	if withCertificate, ok := calls.(interface {
		CollectionsWithCertificate(apiRoot, ca, cert, key string) ([]string, error)
	}); ok {
		step("certificate", func() error {
			ids, err := withCertificate.CollectionsWithCertificate(env("TAXII_TLS_API_ROOT"), env("TAXII_CA"), env("TAXII_CERT"), env("TAXII_KEY"))
			if err != nil {
				return err
			}
			return check(contains(ids, read) && contains(ids, write), "with the client certificate, collections %v lack %s or %s", ids, read, write)
		})
	}
	if failed > 0 {
		os.Exit(1)
	}
}

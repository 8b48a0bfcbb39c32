// The server's settings: one small JSON file naming the API roots, their collections with who may
// read and write each, the users, and a STIX bundle to load into a collection at start.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"taxiiserver/taxii"
)

type config struct {
	Listen      string `json:"listen"`
	Title       string `json:"title"`
	Description string `json:"description"`
	APIRoots    []struct {
		Name             string `json:"name"`
		Title            string `json:"title"`
		MaxContentLength int    `json:"maxContentLength"`
		Collections      []struct {
			ID          string   `json:"id"`
			Alias       string   `json:"alias"`
			Title       string   `json:"title"`
			Description string   `json:"description"`
			Read        []string `json:"read"`
			Write       []string `json:"write"`
			Seed        string   `json:"seed"` // a STIX bundle (JSON) whose objects the collection starts with
		} `json:"collections"`
	} `json:"apiRoots"`
	Users []struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	} `json:"users"`
}

type apiRoot struct {
	name, title      string
	maxContentLength int
	collections      []*collection
	statuses         map[string]taxii.Status // by id: what each addObjects answered
}

func loadConfig(path string) (*config, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c config
	if err := json.Unmarshal(text, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if c.Listen == "" {
		c.Listen = "127.0.0.1:8000"
	}
	return &c, nil
}

func set(names []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		out[n] = true
	}
	return out
}

// build turns the settings into API roots, loading each seed bundle through the same checks as
// addObjects.
func (s *store) build(c *config) (map[string]*apiRoot, error) {
	roots := map[string]*apiRoot{}
	for _, r := range c.APIRoots {
		root := &apiRoot{name: r.Name, title: r.Title, maxContentLength: r.MaxContentLength, statuses: map[string]taxii.Status{}}
		if root.maxContentLength <= 0 {
			root.maxContentLength = 10 << 20
		}
		for _, cc := range r.Collections {
			col := &collection{id: cc.ID, alias: cc.Alias, title: cc.Title, description: cc.Description, readers: set(cc.Read), writers: set(cc.Write)}
			if cc.Seed != "" {
				text, err := os.ReadFile(cc.Seed)
				if err != nil {
					return nil, err
				}
				var bundle struct {
					Objects []json.RawMessage `json:"objects"`
				}
				if err := json.Unmarshal(text, &bundle); err != nil {
					return nil, fmt.Errorf("%s: %w", cc.Seed, err)
				}
				for _, raw := range bundle.Objects {
					rec, problem := newRecord(raw, s.stamp())
					if problem != "" {
						return nil, fmt.Errorf("%s: %s", cc.Seed, problem)
					}
					if !col.has(rec.id, rec.versionAt) {
						col.records = append(col.records, rec)
					}
				}
			}
			root.collections = append(root.collections, col)
		}
		roots[r.Name] = root
	}
	return roots, nil
}

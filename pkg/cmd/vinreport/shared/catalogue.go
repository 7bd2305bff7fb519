package shared

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
)

// The document asks partners to cache the brand-factory list and fetch only
// what changed since the newest lastModifyTime they hold. The cache is one
// store entry per profile.
const factoriesCacheName = "brandFactories"

// Catalogue is the cached brand-factory list.
type Catalogue struct {
	Factories []paoding.BrandFactory `json:"factories"`
	// Newest is the greatest lastModifyTime seen: the next incremental
	// fetch asks for changes after it.
	Newest string `json:"newest"`
}

// LoadCatalogue reads the cache; a missing cache is an empty catalogue.
func LoadCatalogue(ctx context.Context, st *store.Store, profile string) (*Catalogue, error) {
	e, err := st.GetCache(ctx, profile, paoding.Provider, factoriesCacheName)
	if errors.Is(err, store.ErrNotFound) {
		return &Catalogue{}, nil
	}
	if err != nil {
		return nil, err
	}
	var c Catalogue
	if err := json.Unmarshal(e.Body, &c); err != nil {
		// A cache we cannot read is rebuilt, not fatal.
		return &Catalogue{}, nil
	}
	return &c, nil
}

// Merge folds fetched factories into the catalogue, replacing by id.
func (c *Catalogue) Merge(fetched []paoding.BrandFactory) {
	byID := map[int]int{}
	for i, f := range c.Factories {
		byID[int(f.BrandFactoryID)] = i
	}
	for _, f := range fetched {
		if i, ok := byID[int(f.BrandFactoryID)]; ok {
			c.Factories[i] = f
		} else {
			byID[int(f.BrandFactoryID)] = len(c.Factories)
			c.Factories = append(c.Factories, f)
		}
		// The layout yyyy-MM-dd HH:mm:ss sorts as text.
		if f.LastModifyTime > c.Newest {
			c.Newest = f.LastModifyTime
		}
	}
	sort.Slice(c.Factories, func(i, j int) bool { return c.Factories[i].BrandFactoryID < c.Factories[j].BrandFactoryID })
}

// Keep stores one factory fetched on its own (a look-up, or a purchase
// checking its engine-number rule), replacing any cached copy. Newest
// stays where the last listing left it: one factory says nothing of the
// others, and moving it would make the next listing skip every change made
// before this factory's own.
func (c *Catalogue) Keep(bf paoding.BrandFactory) {
	newest := c.Newest
	c.Merge([]paoding.BrandFactory{bf})
	c.Newest = newest
}

// Find returns the cached factory with that id.
func (c *Catalogue) Find(id int) *paoding.BrandFactory {
	for i := range c.Factories {
		if int(c.Factories[i].BrandFactoryID) == id {
			return &c.Factories[i]
		}
	}
	return nil
}

// Save writes the catalogue back.
func (c *Catalogue) Save(ctx context.Context, st *store.Store, profile string) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return st.PutCache(ctx, profile, paoding.Provider, factoriesCacheName, b)
}

// DataOf extracts the "data" member of a Paoding answer, so JSON output is
// the record exactly as the provider sent it, unknown fields included.
func DataOf(raw []byte) json.RawMessage {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(raw, &env) == nil && len(env.Data) > 0 {
		return env.Data
	}
	return nil
}

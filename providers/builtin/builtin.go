// Package builtin registers the providers insure ships with. Adding a
// provider is one folder under providers/ and one line here (see "Adding a
// provider" in docs/contributing.md).
package builtin

import (
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/providers/bihu"
	bihusb "github.com/insurekit/insure/providers/bihu/sandbox"
	"github.com/insurekit/insure/providers/ebao"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
	"github.com/insurekit/insure/providers/paoding"
	paodingsb "github.com/insurekit/insure/providers/paoding/sandbox"
	"github.com/insurekit/insure/providers/sunshine"
	sunshinesb "github.com/insurekit/insure/providers/sunshine/sandbox"
)

// Providers are the built-in providers' descriptors in the order the
// wizard asks about them.
func Providers() []registry.Provider {
	return []registry.Provider{
		paoding.Descriptor(paodingsb.Fake()),
		ebao.Descriptor(ebaosb.Fake()),
		bihu.Descriptor(bihusb.Fake()),
		sunshine.Descriptor(sunshinesb.Fake()),
	}
}

// Registry is the registry of the built-in providers, built on first use.
func Registry() *registry.Registry { return registry.Lazy(Providers) }

package cmdutil

import (
	"fmt"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/sunshine"
)

// ClientOf returns the selected profile's client of one provider with its
// concrete type, and the profile it was built from.
func ClientOf[T any](f *Factory, provider string) (T, *config.Profile, error) {
	var zero T
	c, err := f.Client(provider)
	if err != nil {
		return zero, nil, err
	}
	typed, ok := c.(T)
	if !ok {
		return zero, nil, fmt.Errorf("provider %s builds a %T, not a %T", provider, c, zero)
	}
	p, err := f.Profile()
	if err != nil {
		return zero, nil, err
	}
	return typed, p, nil
}

// Ebao is the selected profile's eBao Cloud client.
func (f *Factory) Ebao() (*ebao.Client, *config.Profile, error) {
	return ClientOf[*ebao.Client](f, ebao.Provider)
}

// Paoding is the selected profile's Paoding client.
func (f *Factory) Paoding() (*paoding.Client, *config.Profile, error) {
	return ClientOf[*paoding.Client](f, paoding.Provider)
}

// Bihu is the selected profile's Bihu client.
func (f *Factory) Bihu() (*bihu.Client, *config.Profile, error) {
	return ClientOf[*bihu.Client](f, bihu.Provider)
}

// Sunshine is the selected profile's Sunshine client.
func (f *Factory) Sunshine() (*sunshine.Client, *config.Profile, error) {
	return ClientOf[*sunshine.Client](f, sunshine.Provider)
}

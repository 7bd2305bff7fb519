package shared

import (
	"context"
	"strconv"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/paoding"
)

// CompleteFactoryIDs offers cached brand factory ids with their names as
// descriptions. It reads only the local store: completion never calls out.
func CompleteFactoryIDs(ctx context.Context, f *cmdutil.Factory) []string {
	name, err := cmdutil.ProfileName(f)
	if err != nil {
		return nil
	}
	st, err := f.Store()
	if err != nil {
		return nil
	}
	cat, err := LoadCatalogue(ctx, st, name)
	if err != nil {
		return nil
	}
	var out []string
	for _, bf := range cat.Factories {
		out = append(out, strconv.Itoa(int(bf.BrandFactoryID))+"\t"+bf.BrandFactoryName.String()+" / "+bf.BrandName.String())
	}
	return out
}

// CompleteOrderIDs offers the Paoding order ids the profile's requests
// carried, newest first: not Sunshine's purchase orders, which the journal
// keys under the same name (orderId), nor another profile's (an order
// bought in the sandbox does not exist in production), which vin-report
// get cannot fetch.
func CompleteOrderIDs(ctx context.Context, f *cmdutil.Factory) []string {
	name, err := cmdutil.ProfileName(f)
	if err != nil {
		return nil
	}
	st, err := f.Store()
	if err != nil {
		return nil
	}
	ids, _ := st.ProviderKeyValues(ctx, name, paoding.Provider, "orderId", 50)
	return ids
}

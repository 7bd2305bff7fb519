package shared

import (
	"context"
	"strconv"

	"github.com/insurekit/insure/pkg/cmdutil"
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

// CompleteOrderIDs offers order ids seen in the journal.
func CompleteOrderIDs(ctx context.Context, f *cmdutil.Factory) []string {
	st, err := f.Store()
	if err != nil {
		return nil
	}
	ids, _ := st.KeyValues(ctx, "orderId", 50)
	return ids
}

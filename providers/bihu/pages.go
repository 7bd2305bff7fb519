package bihu

// Page is one of the Bihu pages a partner embeds. Every page needs the
// login token in its query string.
type Page struct {
	Name    string // as --open takes it
	Path    string
	Summary string
}

// Pages are the pages the integration document lists besides the two a
// renewal leads to (SelectInsuranceNew and ReplenishInfo), by the names
// the CLI uses.
var Pages = []Page{
	{"quote", PathIndexPage, "quote any vehicle, starting from its plate"},
	{"checklist", PathCheckList, "the user's customer list"},
	{"customers", PathCustomerList, "every customer of the agent (administrators only)"},
}

// LookupPage returns the page of a name.
func LookupPage(name string) (Page, bool) {
	for _, p := range Pages {
		if p.Name == name {
			return p, true
		}
	}
	return Page{}, false
}

// PageURLs returns the URL of every page in Pages for token, by name.
func (c *Client) PageURLs(token string) map[string]string {
	out := make(map[string]string, len(Pages))
	for _, p := range Pages {
		out[p.Name] = c.pageURL(p.Path, token, "", nil)
	}
	return out
}

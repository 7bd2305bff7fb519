// Package shared is what the Sunshine (阳光车险) commands share above the
// purchase workflow (providers/sunshine/purchase): prompting on a terminal
// (TerminalAsker), step notes on stderr, the local store as the workflow's
// session store, and GBK-aware printing of forms and answers.
package shared

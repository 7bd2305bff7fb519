package ebaosettle

import (
	"regexp"
	"strings"
	"sync"
)

// The eBao document defines no error texts, so what a refusal of a
// repeated act says is read by meaning, not by the sandbox's wording
// (docs/providers/ebao.md, "Settling an act whose answer was lost"). A
// refusal settles an act only when it says that very act was done
// before; one that could mean something else (a policy that is not
// effective because it expired, another quotation or policy named)
// settles nothing, and the act stays unknown.

// number is one of eBao's numbers: letters, digits, '_' and '-' with at
// least one digit (the document's policy numbers include
// PVeh_Owner_GuardA_TP15000000000106), so that a word after "policy" is
// never taken for one.
const number = `([A-Za-z_-]*[0-9][A-Za-z0-9_-]*)`

// policyNumber and quotationNumber introduce a number in English or
// Chinese: "policy P…", "policy number: P…", "保单号P…", "询价单Q…".
const (
	policyNumber    = `(?:\bpolicy(?:[\s_]*(?:number|no\.?))?|保单(?:号码?)?)\s*[:：#=为是]?\s*` + number
	quotationNumber = `(?:\bquotation(?:[\s_]*(?:number|no\.?))?|(?:询价|报价)单?(?:号码?)?)\s*[:：#=为是]?\s*` + number
)

var (
	// issuedAs finds the policy a quotation already became. Each form
	// has the quotation as what was issued, so that a policy named for
	// another reason (the vehicle is already insured under P…) is not
	// taken for it.
	issuedAs = sync.OnceValue(func() []*regexp.Regexp {
		return []*regexp.Regexp{
			// "quotation Q… was already issued as policy P…", "… has been
			// used for policy number: P…", "… is already a policy: P…"
			regexp.MustCompile(`(?i)\bquotation[^.;。；]*?(?:\b(?:issued|converted|used)\b[^.;。；]*?|\balready\s+(?:an?\s+)?)` + policyNumber),
			// "policy P… was already issued for quotation Q…"
			regexp.MustCompile(`(?i)` + policyNumber + `\s+(?:already\s+)?(?:(?:was|is|has\s+(?:already\s+)?been)\s+)?(?:already\s+)?(?:issued|created|exists?)\s+(?:for|from|with)\s+(?:this\s+|the\s+)?quotation`),
			// "询价单Q…已出单，保单号P…", "报价单已生成保单P…"
			regexp.MustCompile(`(?:询价|报价)[^。；;]*?已(?:经)?(?:出单|出具|生成|签单|转(?:为|成)?)[^。；;]*?` + policyNumber),
		}
	})
	quotationNamed = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)` + quotationNumber) })
	policyNamed    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)` + policyNumber) })

	// cancelled says a policy's state is cancelled: "status CANCELLED",
	// "not effective (CANCELLED)", "already cancelled", "has been
	// cancelled", "已退保". "Not effective" alone is not enough: an
	// expired policy, or one not yet in force, is not effective either.
	cancelled = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bstatus\W{0,3}cancell?ed\b|\bnot\s+(?:yet\s+)?effective\W{1,5}cancell?ed\b|` +
			`\b(?:already|been|was|is)\s+(?:been\s+)?(?:cancell?ed|surrendered)\b|已(?:经)?(?:被)?(?:退保|撤保)|状态\s*[:：为是]?\s*(?:退保|已退保|CANCELL?ED)`)
	})
	// notCancelled: "has not been cancelled" holds "been cancelled".
	notCancelled = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:\bnot|\bnever|n't)\s+(?:yet\s+)?been\s+(?:cancell?ed|surrendered)\b`)
	})
	endorsementIn = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:\bendorsement(?:[\s_]*(?:number|no\.?))?|批单(?:号码?)?)\s*[:：#=为是]?\s*` + number)
	})
	// noSuchPolicy: eBao does not know the policy, so no cancellation of
	// it can have taken effect.
	noSuchPolicy = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\bunknown policy\b|\bpolicy\b.{0,40}\b(?:not found|does not exist|no such)\b|保单[^。；;]{0,30}不存在`)
	})
)

// namesOther reports whether message names, by re, a number other than
// want: a refusal about another quotation or policy says nothing of this
// act.
func namesOther(re *regexp.Regexp, message, want string) bool {
	for _, m := range re.FindAllStringSubmatch(message, -1) {
		if !strings.EqualFold(m[1], want) {
			return true
		}
	}
	return false
}

// issuedPolicy is the policy eBao's refusal of an issuance of quotation
// says the quotation already became, "" when it does not say so.
func issuedPolicy(message, quotation string) string {
	if quotation != "" && namesOther(quotationNamed(), message, quotation) {
		return ""
	}
	for _, re := range issuedAs() {
		if m := re.FindStringSubmatch(message); m != nil && !strings.EqualFold(m[1], quotation) {
			return m[1]
		}
	}
	return ""
}

// cancelledBefore reports whether eBao's refusal of a cancellation of
// policy says the policy is already cancelled, and the endorsement it
// names, if any.
func cancelledBefore(message, policy string) (endorsement string, ok bool) {
	if noSuchPolicy().MatchString(message) || notCancelled().MatchString(message) || !cancelled().MatchString(message) {
		return "", false
	}
	if policy != "" && namesOther(policyNamed(), message, policy) {
		return "", false
	}
	if m := endorsementIn().FindStringSubmatch(message); m != nil {
		endorsement = m[1]
	}
	return endorsement, true
}

package bihu_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// settings is a profile's bihu section, as the CLI would read it.
type settings map[string]string

func (s settings) Get(key string) (string, string, error) { return s[key], "file", nil }
func (s settings) ProfileName() string                    { return "test" }
func (s settings) IsSandbox() bool                        { return false }

// clientFromProfile builds the client the CLI would build from a profile
// pointing at e's sandbox with the given session-timeout.
func (e *env) clientFromProfile(timeout string) (*bihu.Client, error) {
	d := bihu.Descriptor(nil)
	c, err := d.NewClient(registry.Env{Provider: &d, Settings: settings{
		"endpoint": e.srv.URL, "agent-id": sandbox.TestAgentID, "username": sandbox.TestUsername,
		"secret-key": sandbox.TestSecretKey, "session-timeout": timeout,
	}, HTTP: e.srv.Client(), Tokens: e.tokens, Now: e.clock.Now})
	if err != nil {
		return nil, err
	}
	return c.(*bihu.Client), nil
}

// The login's timeout is the session the profile asks for, in seconds,
// however long: the document sets no ceiling.
func TestProfileSessionTimeoutIsSentAsWritten(t *testing.T) {
	for _, tc := range []struct{ setting, sent string }{
		{"7200", "7200"}, {"90m", "5400"}, {"31536000", "31536000"}, {"9223372036", "9223372036"},
	} {
		e := newEnv(t)
		c, err := e.clientFromProfile(tc.setting)
		if err != nil {
			t.Fatalf("%s: %v", tc.setting, err)
		}
		if _, err := c.Login(context.Background()); err != nil {
			t.Fatalf("%s: %v", tc.setting, err)
		}
		if got := e.last("/unite/login").Body["timeout"]; got != tc.sent {
			t.Errorf("session-timeout %s sent timeout=%v, want %s", tc.setting, got, tc.sent)
		}
	}
}

// A count of seconds longer than the client can hold is refused before
// anything is sent: converted, it wrapped round to another length, and
// 36028797018963969 went out as timeout=1.
func TestProfileSessionTimeoutTooLongForTheClientIsRefused(t *testing.T) {
	for _, v := range []string{"36028797018963969", "9223372037", "99999999999", "99999999999999999999999"} {
		e := newEnv(t)
		_, err := e.clientFromProfile(v)
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.Kind != failure.Usage {
			t.Errorf("session-timeout %s: want a usage error, got %v", v, err)
			continue
		}
		if len(fe.Fields) != 1 || fe.Fields[0].Field != "bihu.session-timeout" ||
			!strings.Contains(fe.Fields[0].Rule, "at most 9223372036 seconds") || fe.Fields[0].Example == "" {
			t.Errorf("session-timeout %s: fields %+v", v, fe.Fields)
		}
		if len(e.paths()) != 0 {
			t.Errorf("session-timeout %s: sent %q", v, e.paths())
		}
	}
}

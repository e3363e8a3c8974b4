package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

// BenchmarkHandler measures what the HTTP layer adds to the service: each
// pair runs the same operation through the handler and, as the baseline,
// straight on the service.
func BenchmarkHandler(b *testing.B) {
	cloud := &fakeCloud{}
	svc := powerbi.NewService(powerbi.Config{Store: memstore.New(),
		Sealer: crypto.New(crypto.NewKeyring(), crypto.Config{}), Validator: cloud})
	h := httpapi.New(httpapi.Config{Service: svc, Authenticate: authenticate,
		Limits: httpapi.Limits{OrgEvery: time.Nanosecond, OrgBurst: 1 << 30,
			PrincipalEvery: time.Nanosecond, PrincipalBurst: 1 << 30}})
	ctx := powerbi.NewContext(context.Background(), tokens["admin-a"])
	var set powerbi.Settings
	if err := jsonUnmarshal(goodSettings, &set); err != nil {
		b.Fatal(err)
	}
	if _, _, err := svc.Save(ctx, "org-a", set, powerbi.AnyVersion); err != nil {
		b.Fatal(err)
	}
	serve := func(b *testing.B, method, body string, want int) {
		for b.Loop() {
			r := httptest.NewRequest(method, base("org-a"), strings.NewReader(body))
			r.Header.Set("Authorization", "Bearer tok-admin-a")
			if body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != want {
				b.Fatalf("got status %d, want %d", w.Code, want)
			}
		}
	}

	b.Run("get/service-baseline", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Get(ctx, "org-a"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("get/handler", func(b *testing.B) { serve(b, "GET", "", http.StatusOK) })
	b.Run("put/service-baseline", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := svc.Save(ctx, "org-a", set, powerbi.AnyVersion); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("put/handler", func(b *testing.B) { serve(b, "PUT", goodSettings, http.StatusOK) })
}

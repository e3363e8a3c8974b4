package validate

import (
	"context"
	"io"
	"net/http"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// answer is a REST answer read in full, within maxBody.
type answer struct {
	status    int
	body      []byte
	requestID string
}

// get sends a GET with token as bearer and reads the whole answer. The
// error is a transport error or errBodyTooLarge; any status is an answer.
func (v *Validator) get(ctx context.Context, url string, token powerbi.Secret, idHeaders ...string) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token.Reveal())
	req.Header.Set("Accept", "application/json")
	resp, err := v.http.send(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	a := &answer{status: resp.StatusCode, body: body}
	for _, h := range idHeaders {
		if id := resp.Header.Get(h); id != "" {
			a.requestID = id
			break
		}
	}
	return a, nil
}

// temporary reports whether the status says nothing about the credentials.
func (a *answer) temporary() bool {
	return a.status >= 500 || a.status == http.StatusTooManyRequests ||
		a.status == http.StatusRequestTimeout
}

package validate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Errors that end a check before any request is sent.
var (
	errEmptySecret = errors.New("client secret is empty")
	errAuthority   = errors.New("authority is not valid")
)

// Hints for checks that could not reach a verdict.
const (
	hintUnreachable = "The service did not answer in time or could not be reached. " +
		"Nothing is known about these credentials yet; try again in a minute."
	hintMalformed = "The service gave an answer that could not be read, which usually " +
		"means a proxy or an outage. Try again in a minute."
)

// entraCheck turns the outcome of AppToken or UserToken into a check.
func entraCheck(name string, err error) powerbi.Check {
	c := powerbi.Check{Name: name, Status: powerbi.StatusPassed}
	if err == nil {
		return c
	}
	if errors.Is(err, errAuthority) || errors.Is(err, errEmptySecret) {
		c.Status, c.Field, c.Code = powerbi.StatusFailed, "tenantId", "invalid_authority"
		if errors.Is(err, errEmptySecret) {
			c.Field, c.Code = "clientSecret", "required"
		}
		c.Message, c.Hint = "The settings cannot form a sign-in request.", hintTenant
		return c
	}
	var re *RemoteError
	if !errors.As(err, &re) {
		return unavailable(c, "Entra ID could not be reached.", err)
	}
	return fromEntra(c, re)
}

// entraFailure turns an error of MSAL into one that is safe to hand out:
// a *RemoteError with secrets scrubbed from it, or a transport or context
// error. MSAL's own errors hold the request, whose form carries the
// client secret or password, and Entra ID's raw answer; neither may leave
// the package.
func entraFailure(err error, secrets ...string) error {
	if re := remoteOf(err, secrets...); re != nil {
		return re
	}
	return noAnswer(err)
}

// remoteOf extracts Entra ID's answer from an MSAL error, with secrets
// scrubbed, or returns nil when there was no answer. MSAL keeps the
// response with its body in a CallErr; a 200 it could not decode is an
// InvalidJsonErr.
func remoteOf(err error, secrets ...string) *RemoteError {
	var call msalerrors.CallErr
	if errors.As(err, &call) && call.Resp != nil {
		body := readAll(call.Resp.Body)
		return entraError(call.Resp.StatusCode, body, secrets...)
	}
	var bad msalerrors.InvalidJsonErr
	if errors.As(err, &bad) {
		return &RemoteError{Service: ServiceEntra, StatusCode: 200, Malformed: true}
	}
	if isTransport(err) {
		return nil
	}
	// MSAL refused the answer itself, such as metadata without a token
	// endpoint or an issuer of another host: a broken service, not bad
	// credentials.
	return &RemoteError{Service: ServiceEntra, Malformed: true}
}

// noAnswer rebuilds a transport error without MSAL's wrapping: the
// context error, the size limit, or the network error under the URL error.
func noAnswer(err error) error {
	for _, sentinel := range []error{context.DeadlineExceeded, context.Canceled,
		errBodyTooLarge, io.ErrUnexpectedEOF, io.EOF} {
		if errors.Is(err, sentinel) {
			return fmt.Errorf("entra: no answer: %w", sentinel)
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("entra: no answer: %w", ue.Err)
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return fmt.Errorf("entra: no answer: %w", ne)
	}
	return errors.New("entra: no answer")
}

// isTransport reports whether err is a failure to get any answer.
func isTransport(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, errBodyTooLarge)
}

// fromEntra fills c from Entra ID's answer using the AADSTS table.
func fromEntra(c powerbi.Check, re *RemoteError) powerbi.Check {
	c.Code = re.Code
	if re.Malformed || re.Temporary() && !strings.HasPrefix(re.Code, "AADSTS") {
		c.Status, c.Hint = powerbi.StatusUnavailable, hintMalformed
		c.Message = "Entra ID gave no usable answer."
		if !re.Malformed {
			c.Message = fmt.Sprintf("Entra ID answered with status %d.", re.StatusCode)
			c.Hint = hintUnreachable
		}
		return c
	}
	var n int
	fmt.Sscanf(re.Code, "AADSTS%d", &n)
	if known, ok := aadsts[n]; ok {
		c.Field, c.Status, c.Message, c.Hint = known.field, known.status, known.message, known.hint
	} else if re.Temporary() {
		c.Status, c.Message, c.Hint = powerbi.StatusUnavailable, re.Description, hintUnreachable
	} else {
		c.Status, c.Message = powerbi.StatusFailed, re.Description
		c.Hint = "Entra ID refused the sign-in. Look the code up at " +
			"https://login.microsoftonline.com/error?code=" + strings.TrimPrefix(re.Code, "AADSTS")
	}
	if re.TraceID != "" {
		c.Message = strings.TrimSpace(c.Message + " Trace ID: " + re.TraceID + ".")
	}
	return c
}

// unavailable marks c as not decided because no answer came.
func unavailable(c powerbi.Check, message string, err error) powerbi.Check {
	c.Status, c.Message, c.Hint = powerbi.StatusUnavailable, message, hintUnreachable
	if errors.Is(err, context.DeadlineExceeded) {
		c.Code, c.Message = "timeout", "The service did not answer before the deadline."
	}
	return c
}

// readAll reads what is left of a body that MSAL already buffered.
func readAll(r io.Reader) []byte {
	if r == nil {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r, maxBody))
	if err != nil {
		return nil
	}
	return bytes.TrimSpace(b)
}

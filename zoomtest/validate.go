package zoomtest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Zoom's messages for a body it cannot read and for one whose fields it
// refuses.
const (
	msgNotJSON          = "Request Body should be a valid JSON object."
	msgValidationFailed = "Validation Failed."
)

// requestErrorAnswer turns kin-openapi's verdict on a request into Zoom's
// 400: code 300 with either the not-JSON message or "Validation Failed."
// and one entry per field, named as Zoom names them (registrants[3].email).
func requestErrorAnswer(err error) *answer {
	var fields []fieldError
	seen := map[fieldError]bool{}
	notJSON := false
	eachFinding(err, func(err error) {
		var reqErr *openapi3filter.RequestError
		if errors.As(err, &reqErr) && reqErr.Parameter != nil {
			add(&fields, seen, fieldError{reqErr.Parameter.Name, parameterMessage(reqErr)})
			return
		}
		var schemaErr *openapi3.SchemaError
		if errors.As(err, &schemaErr) {
			path := schemaErr.JSONPointer()
			if len(path) == 0 && schemaErr.SchemaField == "type" {
				notJSON = true // valid JSON, but not an object
				return
			}
			add(&fields, seen, fieldError{fieldPath(path), schemaMessage(schemaErr)})
			return
		}
		// A multipart part kin-openapi could not read as its schema's
		// type (auto_approve=maybe) names its field.
		var parseErr *openapi3filter.ParseError
		if errors.As(err, &parseErr) {
			if path := parseErr.Path(); len(path) > 0 {
				names := make([]string, len(path))
				for i, p := range path {
					names[i] = fmt.Sprint(p)
				}
				// kin-openapi's parse messages quote the value; Zoom's
				// do not, and neither does the mock.
				add(&fields, seen, fieldError{fieldPath(names), "Invalid field."})
				return
			}
		}
		// What is left is a body that could not be decoded at all: not
		// JSON, a Content-Type the operation does not take, or no body.
		notJSON = true
	})
	if notJSON || len(fields) == 0 {
		return zoomError(http.StatusBadRequest, 300, msgNotJSON)
	}
	return jsonAnswer(http.StatusBadRequest, apiError{Code: 300, Message: msgValidationFailed, Errors: fields})
}

func add(fields *[]fieldError, seen map[fieldError]bool, f fieldError) {
	if !seen[f] {
		seen[f] = true
		*fields = append(*fields, f)
	}
}

// fieldPath writes a JSON pointer (registrants, 3, email) the way Zoom
// names fields: registrants[3].email.
func fieldPath(pointer []string) string {
	var b strings.Builder
	for _, p := range pointer {
		if _, err := strconv.Atoi(p); err == nil && b.Len() > 0 {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// schemaMessage words a schema violation. Zoom says "Invalid field." for
// a malformed value; for the rest the mock says what is wrong, since
// "Invalid field." on a batch of 31 would not tell a developer why.
func schemaMessage(e *openapi3.SchemaError) string {
	switch e.SchemaField {
	case "format", "pattern":
		return "Invalid field."
	case "required":
		return "Required field is missing."
	case "type":
		if e.Schema != nil && e.Schema.Type.Is("array") {
			if _, isText := e.Value.(string); isText {
				return "Invalid field: must be a JSON array (a multipart part that is not JSON is refused)."
			}
			return "Invalid field: must be an array."
		}
	case "maxItems":
		if e.Schema != nil && e.Schema.MaxItems != nil {
			return "Invalid field: at most " + strconv.FormatUint(*e.Schema.MaxItems, 10) + " items are allowed."
		}
	case "minItems":
		if e.Schema != nil {
			return "Invalid field: at least " + strconv.FormatUint(e.Schema.MinItems, 10) + " item(s) are required."
		}
	}
	if e.Reason != "" {
		// kin-openapi's reasons never quote the value, so they are safe
		// to send back.
		return "Invalid field: " + e.Reason + "."
	}
	return "Invalid field."
}

func parameterMessage(e *openapi3filter.RequestError) string {
	if errors.Is(e.Err, openapi3filter.ErrInvalidRequired) {
		return "Required field is missing."
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(e.Err, &schemaErr) {
		return schemaMessage(schemaErr)
	}
	return "Invalid field."
}

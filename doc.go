// Package zoom is a typed Go client for the Zoom API, generated from Zoom's
// Postman collection items. The request and response types live in the
// generated package gen; this package adds what code generation cannot.
package zoom

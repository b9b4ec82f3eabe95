package bulk

import (
	"context"
	"fmt"
	"io"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/internal/roster"
)

// ExportColumns are the columns Export writes, after a header row of
// these names.
var ExportColumns = []string{"email", "first_name", "last_name", "status", "registrant_id", "create_time", "join_url"}

// ExportOptions tunes Export. The zero value is usable.
type ExportOptions struct {
	// Raw writes every cell exactly as Zoom gave it. By default a cell
	// that a spreadsheet would run as a formula (one starting with =, +,
	// -, @, a tab or a carriage return) gets a leading single quote and
	// every cell is quoted, as OWASP advises against CSV injection: names
	// come from a public registration form.
	Raw bool
}

// Export writes every registrant of a meeting or webinar, approved,
// pending and denied (Zoom lists a cancelled registration as denied), to
// w as CSV with the header ExportColumns, and returns how many it wrote.
// It streams: one page of Zoom's listing (300 registrants) is in memory
// at a time, however many there are. The join_url column holds each
// registrant's personal join link: keep the file private.
//
// An error ends the export; what was written before it is in w (the
// caller decides whether to keep a partial file).
func Export(ctx context.Context, c *zoom.Client, t Target, w io.Writer, opts ExportOptions) (int, error) {
	return export(ctx, apiFor(c, t), t, w, opts)
}

func export(ctx context.Context, api registrar, t Target, w io.Writer, opts ExportOptions) (int, error) {
	cw := roster.NewCSVWriter(w, roster.WriteOptions{Raw: opts.Raw})
	if err := cw.Write(ExportColumns); err != nil {
		return 0, err
	}
	n := 0
	rec := make([]string, len(ExportColumns))
	for _, status := range registrantStatuses {
		for reg, err := range registrantsOf(ctx, api, t, status) {
			if err != nil {
				cw.Flush()
				return n, fmt.Errorf("exporting the %s registrants of %s: %w", status, t, err)
			}
			rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] = reg.email, reg.firstName, reg.lastName, reg.status, reg.id, reg.created, reg.joinURL
			if err := cw.Write(rec); err != nil {
				return n, err
			}
			n++
		}
	}
	cw.Flush()
	return n, cw.Error()
}

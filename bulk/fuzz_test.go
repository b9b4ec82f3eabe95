package bulk

import (
	"context"
	"fmt"
	"testing"
)

// FuzzBulkBookkeeping drives the engine through arbitrary sequences of
// answers (committed, lost after commit, lost before, transient, bad rows
// named or not, a registrant at its daily limit, a partial answer) and
// checks what must hold whatever happens: one result per attendee, counts
// that add up, nobody registered twice, and a report that tells the truth
// about who is registered.
func FuzzBulkBookkeeping(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7}, uint16(95), uint8(2))
	f.Add([]byte{1, 1, 1, 1, 1, 1}, uint16(200), uint8(4))
	f.Add([]byte{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, uint16(31), uint8(1))
	f.Add([]byte{5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7}, uint16(64), uint8(3))
	f.Fuzz(func(t *testing.T, script []byte, n uint16, conc uint8) {
		if len(script) == 0 {
			script = []byte{0}
		}
		in := bulkAttendees(int(n%400) + 1)
		for i := 3; i < len(in); i += 17 { // some duplicates, in another case
			in[i].Email = fmt.Sprintf("PERSON%05d@EXAMPLE.COM", i/2)
		}
		bad := map[string]bool{}
		for i := 5; i < len(in); i += 41 {
			bad[normEmail(in[i].Email)] = true
		}
		fz := newBulkFake()
		fz.before = func(k int, emails []string) (bool, error) {
			op := script[(k-1)%len(script)] % 8
			hasBad := -1
			for i, e := range emails {
				if bad[e] {
					hasBad = i
					break
				}
			}
			if hasBad >= 0 && op != 2 && op != 3 {
				// Zoom refuses a batch with a bad row, naming it or not.
				if op%2 == 0 {
					return false, validationFailed(hasBad)
				}
				return false, validationFailed()
			}
			switch op {
			case 1:
				return true, outcomeUnknown("connection lost after commit")
			case 2:
				return false, outcomeUnknown("503 after retries")
			case 3:
				return false, qpsLimit()
			case 7:
				return true, errPartial
			case 6:
				return false, registrantLimit(emails[len(emails)-1], fz.resetAt)
			}
			return true, nil
		}
		rep, err := register(context.Background(), fz, Meeting(1), in, Options{Concurrency: int(conc%8) + 1, MaxReconcileRounds: 3})
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		bulkCheckAccounted(t, in, rep)
		for e, c := range fz.count {
			if c > 1 {
				t.Fatalf("%s registered %d times", e, c)
			}
		}
		for i, r := range rep.Results {
			key := normEmail(in[i].Email)
			_, held := fz.regs[key]
			switch r.Status {
			case Registered:
				if !held || r.RegistrantID != fz.regs[key] {
					t.Fatalf("%s reported registered (%q), the fake holds %v %q", key, r.RegistrantID, held, fz.regs[key])
				}
			case Failed, Deferred, NotSent:
				if held {
					t.Fatalf("%s reported %s but is registered", key, r.Status)
				}
				if r.Status == Failed && !bad[key] {
					t.Fatalf("%s failed but is not a bad row: %s", key, r.Error)
				}
			case Duplicate, Unconfirmed:
			default:
				t.Fatalf("%s: unexpected status %q", key, r.Status)
			}
			if bad[key] && r.Status != Failed && r.Status != Duplicate && r.Status != NotSent && r.Status != Unconfirmed {
				t.Fatalf("bad row %s ended %s", key, r.Status)
			}
		}
	})
}

package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
)

// ProgrammeOptions sizes a capacity-building programme: organisations spread over
// ProgrammeSectors and ProgrammeCountries, each with the same number of cycles.
type ProgrammeOptions struct {
	Orgs   int
	Cycles int
	Seed   int64
}

// programmeVersion changes whenever GenerateProgramme writes different data, so cached files are not reused.
const programmeVersion = 1

// Programme40 is the programme the toolkit is shown with: 40 organisations in 4 sectors and
// 3 countries with 3 cycles each. Its size bands hold 6 (1-99), 18 (100-999), 12 (1000-9999)
// and 4 (10000+) organisations, so one band is large enough to benchmark and one is not.
var Programme40 = ProgrammeOptions{Orgs: 40, Cycles: 3, Seed: 7}

// Programme1000 is the scalable variant for performance targets: the same mix, 1,000 organisations.
var Programme1000 = ProgrammeOptions{Orgs: 1000, Cycles: 3, Seed: 7}

// The sectors and countries of a generated programme.
var (
	ProgrammeSectors   = []string{"Energy", "Finance", "Health", "Government"}
	ProgrammeCountries = []string{"Kenya", "Ghana", "Rwanda"}
)

// programmeKinds name an organisation after its sector.
var programmeKinds = map[string][]string{
	"Energy":     {"Power Authority", "Grid Operator", "Energy Regulator", "Petroleum Board"},
	"Finance":    {"Central Bank", "Savings Bank", "Revenue Authority", "Capital Markets Authority"},
	"Health":     {"Ministry of Health", "Teaching Hospital", "Medical Supplies Agency", "Health Insurance Fund"},
	"Government": {"Ministry of ICT", "National Registry", "Electoral Commission", "Customs Service"},
}

// ProgrammeOrgName is the name of the i-th (0-based) organisation of a generated programme.
func ProgrammeOrgName(i int) string {
	sector := ProgrammeSectors[i%len(ProgrammeSectors)]
	kinds := programmeKinds[sector]
	return fmt.Sprintf("%s %s %03d", ProgrammeCountries[i%len(ProgrammeCountries)], kinds[(i/len(ProgrammeSectors))%len(kinds)], i+1)
}

// programmeSize draws the staff number of the i-th organisation: in every run of 40, six
// are below 100, eighteen below 1,000, twelve below 10,000 and four above.
func programmeSize(rng *rand.Rand, i int) int {
	switch j := i % 40; {
	case j < 6:
		return 20 + rng.IntN(80)
	case j < 24:
		return 100 + rng.IntN(900)
	case j < 36:
		return 1000 + rng.IntN(9000)
	}
	return 10000 + rng.IntN(90000)
}

// GenerateProgramme writes a programme into s through the public catalogue API, one
// transaction per organisation. Every cycle but the newest is closed; in every tenth
// organisation a third of the newest cycle's scores are cleared again, so that some figures
// are provisional.
func GenerateProgramme(ctx context.Context, s *catalog.Store, o ProgrammeOptions) (*Summary, error) {
	if o.Orgs < 0 || o.Cycles < 1 {
		return nil, fmt.Errorf("programme options %+v: organisations must not be negative and cycles must be at least 1", o)
	}
	sum := &Summary{}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x9a0e))
	base := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	err := generateOrgs(ctx, s, rng, o.Orgs, o.Cycles, base, sum, func(i int) (catalog.NewOrg, float64) {
		n := catalog.NewOrg{
			Name:    ProgrammeOrgName(i),
			Sector:  ProgrammeSectors[i%len(ProgrammeSectors)],
			Country: ProgrammeCountries[i%len(ProgrammeCountries)],
			Size:    programmeSize(rng, i),
			Notes:   "Synthetic organisation of a capacity-building programme.",
		}
		// Organisations differ: each starts from its own level, from well below to well above the mix.
		return n, -1.5 + 3*rng.Float64()
	}, func(i int, id int64) error {
		if i%10 == 9 {
			return thinNewestCycle(ctx, s, id, rng)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// thinNewestCycle clears a third of the newest cycle's scores.
func thinNewestCycle(ctx context.Context, s *catalog.Store, orgID int64, rng *rand.Rand) error {
	c, err := s.FindCycle(ctx, orgID, "")
	if err != nil {
		return err
	}
	return s.Update(ctx, Source, func(tx *catalog.Tx) error {
		for _, sv := range catalog.BuiltinPack().Services {
			if rng.IntN(3) != 0 {
				continue
			}
			if _, err := tx.SetAssessment(c.ID, sv.ID, catalog.AssessmentPatch{ClearScore: true}); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteProgrammeFile generates a programme into a new database at path.
func WriteProgrammeFile(ctx context.Context, path string, o ProgrammeOptions) (*Summary, error) {
	return writeNew(ctx, path, func(s *catalog.Store) (*Summary, error) { return GenerateProgramme(ctx, s, o) })
}

// ProgrammeFixture returns the path of a generated programme database, generated once for
// these options in the temporary folder and reused by later runs. Callers that write must
// copy it first (CopyDB).
func ProgrammeFixture(ctx context.Context, o ProgrammeOptions) (string, error) {
	name := fmt.Sprintf("cdc-programme-g%d-s%d-o%d-c%d-seed%d.db", programmeVersion, catalog.SchemaVersion(), o.Orgs, o.Cycles, o.Seed)
	return cached(name, func(path string) error {
		_, err := WriteProgrammeFile(ctx, path, o)
		return err
	})
}

package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// The very hidden _meta sheet names what a questionnaire is for and holds, for every
// service, the values it was exported with (the base of the three-way rule), with a digest
// over all of it: key/value rows, then one "base" row per service, then the digest row.
const (
	metaFormat      = "format"
	metaVersion     = "format_version"
	metaOrgName     = "organisation_name"
	metaCycleName   = "cycle_name"
	metaPackID      = "pack_id"
	metaPackVersion = "pack_version"
	metaLang        = "language"
	metaExportedAt  = "exported_at"
	metaOrgUUID     = "organisation_uuid"
	metaCycleUUID   = "cycle_uuid"
	metaBase        = "base"
	metaBaseCols    = "base_columns"
	metaDigest      = "digest"
	// metaDigestSalt names what the digest covers, so a digest of other data never matches.
	metaDigestSalt = "cdc-questionnaire-meta/2"
)

// baseColumns are the fields of a base row, after the service ID.
var baseColumns = []string{"service", "assignment", "provider", "target", "current", "evidence"}

// baseRow is what a questionnaire row held when it was written.
type baseRow struct {
	assignment catalog.Assignment
	provider   string
	target     *int
	current    *int
	evidence   string
}

// qMeta is a questionnaire's _meta sheet, read back and checked.
type qMeta struct {
	values map[string]string
	where  map[string]string // key -> sheet!cell of its value
	base   map[string]baseRow
}

func (m *qMeta) at(key string) string {
	if w, ok := m.where[key]; ok {
		return w
	}
	return sheetMeta
}

// metaRows returns the _meta sheet of a questionnaire for d, digest last.
func metaRows(d *catalog.CycleData, lang catalog.Lang, now time.Time) [][]string {
	rows := [][]string{
		{metaFormat, QuestionnaireFormat}, {metaVersion, strconv.Itoa(QuestionnaireVersion)},
		{metaOrgUUID, orgIdentity(d.Org)}, {metaOrgName, d.Org.Name},
		{metaCycleUUID, cycleIdentity(d.Org, d.Cycle)}, {metaCycleName, d.Cycle.Name},
		{metaPackID, d.Pack.ID}, {metaPackVersion, d.Pack.Version},
		{metaLang, string(lang)}, {metaExportedAt, now.UTC().Format(time.RFC3339Nano)},
		append([]string{metaBaseCols}, baseColumns...),
	}
	for _, s := range d.Services {
		rows = append(rows, trimRow([]string{metaBase, s.ID, string(s.Assignment), s.Provider, scoreCell(s.Target), scoreCell(s.Current), s.Evidence}))
	}
	return append(rows, []string{metaDigest, metaDigestOf(rows)})
}

// writeMeta writes the _meta sheet, very hidden, and the identity as custom properties.
func writeMeta(f *excelize.File, d *catalog.CycleData, lang catalog.Lang, now time.Time) error {
	for i, row := range metaRows(d, lang, now) {
		for j, v := range row {
			if err := f.SetCellStr(sheetMeta, cellName(j+1, i+1), SafeText(v)); err != nil {
				return err
			}
		}
		if len(row) == 2 && row[0] != metaDigest {
			if err := f.SetCustomProps(excelize.CustomProperty{Name: "cdc_" + row[0], Value: row[1]}); err != nil {
				return err
			}
		}
	}
	return f.SetSheetVisible(sheetMeta, false, true)
}

// metaDigestOf hashes rows; line ends are normalised, as a spreadsheet application may.
func metaDigestOf(rows [][]string) string {
	h := sha256.New()
	h.Write([]byte(metaDigestSalt + "\n"))
	for _, r := range rows {
		for _, v := range trimRow(r) {
			h.Write([]byte(normText(v)))
			h.Write([]byte{0x1f})
		}
		h.Write([]byte{0x1e})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func trimRow(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// normText is text as compared between a file and the database: NFC, as the database stores
// it, with line ends normalised, as a spreadsheet application may.
func normText(s string) string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return norm.NFC.String(s)
}

func scoreCell(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// readMeta checks the _meta sheet's digest and reads it; problems name the cell.
func (v *qValidator) readMeta(raw [][]string) *qMeta {
	m := &qMeta{values: map[string]string{}, where: map[string]string{}, base: map[string]baseRow{}}
	var covered [][]string
	digest, digestAt := "", ""
	for i, r := range raw {
		r = trimRow(append([]string(nil), r...))
		for j := range r {
			r[j] = UnsafeText(r[j])
		}
		if len(r) == 0 {
			continue
		}
		at := fmt.Sprintf("%s!A%d", sheetMeta, i+1)
		if r[0] == metaDigest {
			if digestAt != "" {
				v.add(at, "import.meta.digest_twice")
				return nil
			}
			digestAt = at
			if len(r) > 1 {
				digest = r[1]
			}
			continue
		}
		if digestAt != "" {
			v.add(at, "import.meta.after_digest")
			return nil
		}
		covered = append(covered, r)
		switch r[0] {
		case metaBase:
			if len(r) < 2 || r[1] == "" {
				v.add(at, "import.meta.base_no_service")
				return nil
			}
			m.base[r[1]] = baseRow{} // filled once the digest is known good
		case metaBaseCols:
		default:
			if _, dup := m.values[r[0]]; dup {
				v.add(at, "import.meta.key_twice", clip(r[0], 40))
				return nil
			}
			val := ""
			if len(r) > 1 {
				val = r[1]
			}
			m.values[r[0]] = val
			m.where[r[0]] = fmt.Sprintf("%s!B%d", sheetMeta, i+1)
		}
	}
	if m.values[metaFormat] != QuestionnaireFormat {
		v.add(m.at(metaFormat), "import.meta.format", clip(m.values[metaFormat], 40), QuestionnaireFormat)
		return nil
	}
	ver, err := strconv.Atoi(m.values[metaVersion])
	switch {
	case err != nil:
		v.add(m.at(metaVersion), "import.meta.version_nan", clip(m.values[metaVersion], 20))
	case ver > QuestionnaireVersion:
		v.add(m.at(metaVersion), "import.meta.version_newer", ver, QuestionnaireVersion)
	case ver < QuestionnaireVersion:
		v.add(m.at(metaVersion), "import.meta.version_old", ver)
	}
	if len(v.problems) > 0 {
		return nil
	}
	if digestAt == "" {
		v.add(sheetMeta, "import.meta.no_digest")
		return nil
	}
	if digest != metaDigestOf(covered) {
		v.add(digestAt, "import.meta.digest")
		return nil
	}
	for _, r := range covered {
		if r[0] != metaBase {
			continue
		}
		r = append(r, make([]string, len(baseColumns)+1)...)
		b := baseRow{assignment: catalog.Assignment(r[2]), provider: r[3], evidence: r[6]}
		b.target, _ = parseWhole(r[4])
		b.current, _ = parseWhole(r[5])
		m.base[r[1]] = b
	}
	return m
}

// parseWhole reads a score the toolkit wrote: empty or a whole number.
func parseWhole(s string) (*int, bool) {
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	return &n, true
}

package export

import (
	"bytes"
	"context"
	"io"
	"os"
	"time"

	"github.com/xuri/excelize/v2"
)

// importTimeBudget bounds the time an import may spend reading a file.
const importTimeBudget = 20 * time.Second

// readFileLimited reads a whole regular file, refusing anything else (a folder, a FIFO, a
// device) before it is opened and anything larger than MaxImportSize.
func readFileLimited(path string) ([]byte, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, refuseCause(err, "import.file.cannot_open", path, cause(err))
	}
	if err := regular(path, before); err != nil {
		return nil, err
	}
	// Non-blocking, so a file swapped for a FIFO after the check cannot hang the open.
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, refuseCause(err, "import.file.cannot_open", path, cause(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, refuseCause(err, "import.file.cannot_open", path, cause(err))
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	if !os.SameFile(before, st) {
		return nil, refuse("import.file.changed", path)
	}
	if st.Size() > MaxImportSize {
		return nil, refuse("import.file.too_big", path, MaxImportSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxImportSize+1))
	if err != nil {
		return nil, refuseCause(err, "import.file.cannot_read", path, err)
	}
	if len(data) > MaxImportSize {
		return nil, refuse("import.file.too_big", path, MaxImportSize>>20)
	}
	return data, nil
}

func regular(path string, st os.FileInfo) error {
	switch m := st.Mode(); {
	case m.IsDir():
		return refuse("import.file.folder", path)
	case !m.IsRegular():
		return refuse(specialKind(m), path)
	}
	return nil
}

// specialKind is the key that names what a non-regular file is.
func specialKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "import.file.pipe"
	case m&os.ModeSocket != 0:
		return "import.file.socket"
	case m&os.ModeDevice != 0:
		return "import.file.device"
	}
	return "import.file.special"
}

// zipMagic starts every xlsx file; oleMagic starts an encrypted one.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openWorkbook decrypts workbook bytes when needed, checks every part with scanZip and only
// then lets excelize open them, with raw cell values. ctx bounds the time spent.
func openWorkbook(ctx context.Context, data []byte, password string) (*excelize.File, *scannedWorkbook, error) {
	encrypted := bytes.HasPrefix(data, oleMagic)
	if !encrypted && !bytes.HasPrefix(data, zipMagic) {
		return nil, nil, refuse("import.xlsx.not_workbook")
	}
	if encrypted {
		if password == "" {
			return nil, nil, refuse(CodeEncrypted)
		}
		plain, err := decrypt(ctx, data, password)
		if err != nil {
			return nil, nil, err
		}
		data = plain
	}
	scan, err := scanZip(ctx, data)
	if err != nil {
		return nil, nil, err
	}
	opts := excelize.Options{UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipXMLSize, RawCellValue: true}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, nil, refuse("import.xlsx.unreadable", cause(err))
	}
	return f, scan, nil
}

// decrypt runs excelize's decryption under the time budget; a file made to take longer is
// refused (the abandoned work ends with the key derivation, which excelize bounds).
func decrypt(ctx context.Context, data []byte, password string) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := excelize.Decrypt(data, &excelize.Options{Password: password})
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		if r.err != nil || !bytes.HasPrefix(r.b, zipMagic) {
			return nil, refuse("import.xlsx.decrypt")
		}
		return r.b, nil
	case <-ctx.Done():
		return nil, refuse("import.xlsx.decrypt_time", importTimeBudget)
	}
}

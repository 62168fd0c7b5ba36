package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	if err := regular(path, before); err != nil {
		return nil, err
	}
	// Non-blocking, so a file swapped for a FIFO after the check cannot hang the open.
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	if !os.SameFile(before, st) {
		return nil, fmt.Errorf("%s changed while it was being opened; try again", path)
	}
	if st.Size() > MaxImportSize {
		return nil, fmt.Errorf("%s is %.1f MiB; files larger than %d MiB are refused", path, float64(st.Size())/(1<<20), MaxImportSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxImportSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if len(data) > MaxImportSize {
		return nil, fmt.Errorf("%s is larger than %d MiB; it is refused", path, MaxImportSize>>20)
	}
	return data, nil
}

func regular(path string, st os.FileInfo) error {
	switch m := st.Mode(); {
	case m.IsDir():
		return fmt.Errorf("%s is a folder, not a file", path)
	case !m.IsRegular():
		return fmt.Errorf("%s is not a regular file (%s); only files are imported", path, kindOf(m))
	}
	return nil
}

func kindOf(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// zipMagic starts every xlsx file; oleMagic starts an encrypted one.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openWorkbook decrypts workbook bytes when needed, checks every part with scanZip and only
// then lets excelize open them, with raw cell values. ctx bounds the time spent.
func openWorkbook(ctx context.Context, name string, data []byte, password string) (*excelize.File, *scannedWorkbook, error) {
	encrypted := bytes.HasPrefix(data, oleMagic)
	if !encrypted && !bytes.HasPrefix(data, zipMagic) {
		return nil, nil, fmt.Errorf("%s is not an Excel workbook (.xlsx)", name)
	}
	if encrypted {
		if password == "" {
			return nil, nil, fmt.Errorf("%s is encrypted; give its password with --password (it is asked for) or %s", name, PasswordEnv)
		}
		plain, err := decrypt(ctx, data, password)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %v", name, err)
		}
		data = plain
	}
	scan, err := scanZip(ctx, data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %v", name, err)
	}
	opts := excelize.Options{UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipXMLSize, RawCellValue: true}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, nil, fmt.Errorf("%s is not a readable workbook: %v", name, err)
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
			return nil, errors.New("cannot be decrypted: wrong password, or the file is damaged")
		}
		return r.b, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("took longer than %s to decrypt; it is refused", importTimeBudget)
	}
}

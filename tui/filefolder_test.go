package tui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cdc-toolkit/cdc/catalog"
)

// A session served over SSH writes only into its own folder, whatever path is typed.
func TestFileFolderKeepsReportFilesInside(t *testing.T) {
	h := openReport(t, 120, 40, catalog.EN)
	dir := t.TempDir()
	inside := filepath.Join(dir, "files")
	if err := os.Mkdir(inside, 0o700); err != nil {
		t.Fatal(err)
	}
	WithFileFolder(inside)(h.m)
	outside := filepath.Join(dir, "outside.json")
	choose(h, 2, filepath.Join("..", "outside.json"))
	h.press("enter")
	h.wantView("Saved the organisation file to")
	if _, err := os.Stat(outside); err == nil {
		t.Fatalf("the export escaped the folder to %s", outside)
	}
	choose(h, 2, outside)
	h.press("enter")
	h.press("y") // the file of the same name in the folder is replaced
	h.wantView("Saved the organisation file to")
	if _, err := os.Stat(outside); err == nil {
		t.Fatalf("an absolute path escaped the folder: %s", outside)
	}
	if st, err := os.Stat(filepath.Join(inside, "outside.json")); err != nil || st.Size() == 0 {
		t.Fatalf("the export is not in the folder: %v", err)
	}
}

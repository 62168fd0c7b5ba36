package export

import (
	"github.com/xuri/excelize/v2"
)

// WorkbookSheets lists the visible sheets of a workbook this toolkit has just written, in
// order, so that a command can say what it wrote.
func WorkbookSheets(path, password string) ([]string, error) {
	f, err := excelize.OpenFile(path, excelize.Options{Password: password})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	for _, sh := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(sh); err == nil && v {
			names = append(names, sh)
		}
	}
	return names, nil
}

package batch

import (
	"reflect"
	"strings"
)

// ColumnsOf lists the CSV columns of a request body type v (a struct):
// the JSON names of its text and number members, a struct member's own
// dotted under its name (policyHolder.PH013). Arrays and maps have no
// column (a CSV value is text): such bodies are JSON Lines. A command
// whose line is a request body gives these as its Adapter's Columns, so
// the hints of a bad header show names its requests really have.
func ColumnsOf(v any) []string {
	return columnsOf(reflect.TypeOf(v), "")
}

func columnsOf(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var cols []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Struct:
			cols = append(cols, columnsOf(ft, prefix+name+".")...)
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
			cols = append(cols, prefix+name)
		}
	}
	return cols
}

// maxExampleColumns keeps a header's example short enough to read.
const maxExampleColumns = 6

// headerColumns are the columns the hints of a bad CSV header show: the
// command's own fields (those the docs' examples give), else the request
// body's columns; none when the command declares neither.
func headerColumns(a Adapter) []string {
	if len(a.Fields) > 0 {
		return strings.Split(exampleHeader(a.Fields), ",")
	}
	return a.Columns
}

// headerExample is an example header row of cols ("" for none), long
// lists cut short with "…".
func headerExample(cols []string) string {
	if len(cols) > maxExampleColumns {
		return strings.Join(cols[:maxExampleColumns], ",") + ",…"
	}
	return strings.Join(cols, ",")
}

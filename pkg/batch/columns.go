package batch

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/width"
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

// header is what the names of a CSV header row may stand for in the
// running command: its own fields (cancel, renew, vin-report), or, for a
// line that is a request body (quote, issue, api), the body's columns.
type header struct {
	fields  []Field
	columns []string
}

func headerOf(a Adapter) header { return header{fields: a.Fields, columns: a.Columns} }

// examples are the columns the hints of a bad CSV header show: the
// command's own fields (those the docs' examples give), else the request
// body's columns; none when the command declares neither.
func (h header) examples() []string {
	if len(h.fields) > 0 {
		return strings.Split(exampleHeader(h.fields), ",")
	}
	return h.columns
}

// name is the name a header's column (as written, trimmed) stands for: a
// name of the command's field or a body's column whatever its case or
// width (a spreadsheet's Plate, VIN, ＶＩＮ), the field's first name for
// one of its Chinese names, else the name as written (unknown to a
// command's fields: rec.Known refuses it on every line, as it always
// did; a body's member the documents do not name: sent as it is).
func (h header) name(written string) string {
	if len(h.fields) > 0 {
		if i, n := fieldOfHeader(h.fields, written); i >= 0 {
			return n
		}
		return written
	}
	if slices.Contains(h.columns, written) {
		return written
	}
	var match string
	for _, c := range h.columns {
		if headerKey(c) == headerKey(written) {
			if match != "" {
				return written // two columns differ only in case: neither is meant more
			}
			match = c
		}
	}
	if match == "" {
		return written
	}
	return match
}

// sameField says the header name written stands for what name, a column's
// h.name, does: for a command's own fields, any of the field's names
// (brand_factory for brandFactoryId: names are each field's names as
// matched, not its first), else the same body member.
func (h header) sameField(written, name string) bool {
	if len(h.fields) > 0 {
		i, _ := fieldOfHeader(h.fields, written)
		j, _ := fieldOfHeader(h.fields, name)
		return i >= 0 && i == j
	}
	return h.name(written) == name
}

// compared are a header's names as written, in the form in which two of
// them are one name. A command's own fields are compared as its header is
// matched (plate and " PLATE " are one name): such a pair was each line's
// error, as two names of one field are, where plate,plate refused the
// input. A body's members are compared as written: two of them may differ
// in case only.
func (h header) compared(written []string) []string {
	if len(h.fields) == 0 {
		return written
	}
	keys := make([]string, len(written))
	for i, w := range written {
		keys[i] = headerKey(w)
	}
	return keys
}

// clashingColumns finds two columns whose values would land in the same
// place of a line's request: the same name twice, or a name and a dotted
// path under it (holder and holder.mobile). Either would lose a value of
// every line without a word.
func clashingColumns(names []string) (int, int, bool) {
	for j, b := range names {
		for i, a := range names[:j] {
			if a == b || strings.HasPrefix(b, a+".") || strings.HasPrefix(a, b+".") {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// fieldOfHeader is the field a CSV column names, and the name of it the
// column stands for: its own name exactly, else whatever its case and
// width, else one of chineseNames (the field's first name); -1 for none.
func fieldOfHeader(fields []Field, written string) (int, string) {
	if i := fieldOf(fields, written); i >= 0 {
		return i, written
	}
	key := headerKey(written)
	for i, f := range fields {
		for _, n := range f.Names {
			if headerKey(n) == key {
				return i, n
			}
		}
	}
	if en := chineseField(key); en != "" {
		if i := fieldOf(fields, en); i >= 0 {
			return i, fields[i].Names[0]
		}
	}
	return -1, ""
}

// headerKey is a column name as compared: full-width letters narrowed
// (a Chinese input method's ＶＩＮ码), spaces dropped (品牌厂商 ID) and
// lower case. No field's name holds a space.
func headerKey(s string) string {
	s = width.Fold.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.ToLower(s)
}

// chineseNames are the Chinese column names a spreadsheet made in China
// gives the commands' own fields (compared as headerKey folds them), each
// under the field it names, by one of the field's names. They are the provider
// documents' names of the fields: Bihu's renewal (车牌号 LicenseNo, 车架号
// CarVin, 发动机号 EngineNo, 投保城市ID CityCode), Paoding's report
// purchase and notification (车辆识别代码 and "vin 码" vin, 品牌厂商 id
// brandFactoryId, 行驶证照片 image, 订单 id and 订单号 orderId, 回调地址
// notifyUrl) and eBao's cancellation (保单号 policyNumber, 退保申请类型
// applicationType, 退保申请日期 applicationDate, 渠道代码 channelCode),
// and the short forms 车牌 and 城市 (renew's city takes a city's name as
// well as its code). 品牌 (a brand) and 厂家 (a maker) are not among them:
// Paoding uses both for a vehicle's names, and brand_factory is an id.
var chineseNames = []struct {
	field string
	names []string
}{
	{"plate", []string{"车牌号", "车牌"}},
	{"city", []string{"城市", "投保城市", "投保城市ID"}},
	{"vin", []string{"车架号", "车辆识别代码", "VIN码"}},
	{"engine", []string{"发动机号"}},
	{"brand_factory", []string{"品牌厂商ID"}},
	{"image", []string{"行驶证照片"}},
	{"order_id", []string{"订单号", "订单ID"}},
	{"notify_url", []string{"回调地址"}},
	{"policy_number", []string{"保单号"}},
	{"type", []string{"退保申请类型"}},
	{"date", []string{"退保申请日期"}},
	{"channel", []string{"渠道代码"}},
}

// chineseField is the field a Chinese column name (as headerKey folds
// it) names by one of the field's names ("" for none).
func chineseField(key string) string {
	for _, c := range chineseNames {
		for _, n := range c.names {
			if headerKey(n) == key {
				return c.field
			}
		}
	}
	return ""
}

// notAnIDNames are Chinese column names of a brand factory's name, not its
// id: such a column is refused as unknown, with brandNameHint.
var notAnIDNames = []string{"品牌", "厂家", "厂商", "品牌厂商", "品牌厂商名称", "厂家名称"}

// brandNameHint is the hint of an unknown column that holds a brand or
// maker's name where a field takes the brand factory's id ("" when k is
// no such name or fields have no brand_factory).
func brandNameHint(k string, fields []Field) string {
	i := fieldOf(fields, "brand_factory")
	if i < 0 || !slices.Contains(notAnIDNames, headerKey(k)) {
		return ""
	}
	return fmt.Sprintf("%q is a name, and brand_factory is Paoding's brand factory id (品牌厂商ID), a number such as 20 that `insure vin-report factories` lists: "+
		"give the ids in a column brand_factory (or 品牌厂商ID), or remove the column and pass --brand-factory", k)
}

// chineseNamesTaken lists the Chinese column names fields accept, for
// the hint of an unknown column written in Chinese ("" when k is not, or
// fields accept none).
func chineseNamesTaken(k string, fields []Field) string {
	if !strings.ContainsFunc(k, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return ""
	}
	var known []string
	for _, c := range chineseNames {
		if i := fieldOf(fields, c.field); i >= 0 {
			known = append(known, strings.Join(c.names, " or ")+" for "+fields[i].Names[0])
		}
	}
	if len(known) == 0 {
		return ""
	}
	return " (in Chinese: " + strings.Join(known, "; ") + ")"
}

// headerExample is an example header row of cols ("" for none), long
// lists cut short with "…".
func headerExample(cols []string) string {
	if len(cols) > maxExampleColumns {
		return strings.Join(cols[:maxExampleColumns], ",") + ",…"
	}
	return strings.Join(cols, ",")
}

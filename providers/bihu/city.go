package bihu

import (
	"strings"
)

// City is one city Bihu renews in. Code is what CityCode carries.
type City struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Cities is Bihu's table of open cities (tou-bao-cheng-shi.md). Renewal
// cannot cross regions, so the code must be the vehicle's own city.
var Cities = []City{
	{"1", "北京"}, {"2", "重庆"}, {"3", "天津"}, {"4", "成都"}, {"5", "昆明"},
	{"6", "上海"}, {"7", "银川"}, {"8", "南京"}, {"9", "杭州"}, {"10", "福州"},
	{"11", "深圳"}, {"12", "石家庄"}, {"13", "芜湖"}, {"14", "广州"}, {"15", "厦门"},
	{"16", "苏州"}, {"17", "东莞"}, {"18", "济南"}, {"19", "武汉"}, {"20", "佛山"},
	{"21", "无锡"}, {"22", "烟台"}, {"23", "泰州"},
}

// LookupCity finds a city by its code or its name. A trailing 市 and
// surrounding spaces are ignored, so "北京市" and " 1 " both work.
func LookupCity(codeOrName string) (City, bool) {
	s := strings.TrimSpace(codeOrName)
	if s == "" {
		return City{}, false
	}
	name := strings.TrimSuffix(s, "市")
	for _, c := range Cities {
		if c.Code == s || c.Name == name {
			return c, true
		}
	}
	return City{}, false
}

// municipalities issue plates for the whole city under every letter, so the
// province character alone names the city.
var municipalities = map[string]string{"京": "1", "渝": "2", "津": "3", "沪": "6"}

// platePrefixes maps a province character and issuing-authority letter to
// the one city in the table that uses it. Matching on the province alone
// would send, say, a 川B (Mianyang) car to Chengdu, and renewal cannot
// cross regions, so provinces need their letter.
var platePrefixes = map[string]string{
	"川A": "4", "云A": "5", "宁A": "7", "苏A": "8", "浙A": "9", "闽A": "10",
	"粤B": "11", "冀A": "12", "皖B": "13", "粤A": "14", "闽D": "15", "苏E": "16",
	"粤S": "17", "鲁A": "18", "鄂A": "19", "粤E": "20", "苏B": "21", "鲁F": "22",
	"苏M": "23",
}

// CityForPlate is the default city for a plate: the municipality its
// province character names, or the city its province and letter belong to.
// Plates from anywhere else have no default and need an explicit city.
func CityForPlate(plate string) (City, bool) {
	rs := []rune(strings.TrimSpace(plate))
	if len(rs) < 2 {
		return City{}, false
	}
	if code, ok := municipalities[string(rs[0])]; ok {
		return LookupCity(code)
	}
	if code, ok := platePrefixes[strings.ToUpper(string(rs[:2]))]; ok {
		return LookupCity(code)
	}
	return City{}, false
}

// cityNames lists the table for hints: "1 北京, 2 重庆, ...".
func cityNames() string {
	parts := make([]string, len(Cities))
	for i, c := range Cities {
		parts[i] = c.Code + " " + c.Name
	}
	return strings.Join(parts, ", ")
}

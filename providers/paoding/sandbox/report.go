package sandbox

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/insurekit/insure/providers/paoding"
)

// Everything in a report is derived from sha256(VIN), so the same VIN gives
// the same report in every process and test. The rules are written down in
// docs/providers/paoding.md.

// Outcome is the status a VIN's order ends in: last character 0 gives 4
// (no record), 9 gives 3 (failed), anything else 2 (found).
func Outcome(vin string) int {
	switch vin[len(vin)-1] {
	case '0':
		return paoding.StatusNoRecord
	case '9':
		return paoding.StatusFailed
	}
	return paoding.StatusFound
}

// check is one of the ten verdicts, with the remark the sandbox gives when
// the VIN makes it abnormal, and the shop visit that explains it.
type check struct {
	field, remark           string
	visitType, project, mat string
}

var checks = []check{
	{"kilometer", "末次到店里程低于此前记录，疑似调表", "检修", "仪表盘检测", "组合仪表"},
	{"airbag", "主驾驶安全气囊曾更换", "换件", "更换主驾驶气囊", "驾驶员气囊模块"},
	{"engine", "发动机缸盖曾拆检维修", "维修", "拆检发动机缸盖", "缸盖垫、螺栓"},
	{"structure", "右前纵梁有切割焊接记录", "钣金", "右前纵梁校正焊接", "纵梁加强件"},
	{"gearBox", "变速箱阀体曾更换", "换件", "更换变速箱阀体", "阀体总成、变速箱油"},
	{"electricSafetyEquipment", "ABS 泵总成曾更换", "换件", "更换 ABS 泵", "ABS 泵总成"},
	{"appearanceSheetMetal", "左后叶子板钣金喷漆", "钣金", "左后叶子板整形喷漆", "原厂漆"},
	{"bigAccident", "存在单次维修金额超过 2 万元的事故记录", "事故维修", "前部碰撞维修", "前保险杠、大灯、水箱"},
	{"burn", "发动机舱线束有过火烧维修", "维修", "发动机舱线束修复", "线束总成"},
	{"flood", "地毯及座椅曾因泡水更换", "换件", "更换地毯及座椅", "地毯、座椅总成"},
}

// abnormal reports whether the VIN makes check i abnormal (about one in five).
func abnormal(h [32]byte, i int) bool { return h[i]%5 == 0 }

type wireDetail struct {
	Date         string      `json:"date"`
	Kilometers   json.Number `json:"kilometers"`
	Type         string      `json:"type"`
	Project      string      `json:"project"`
	Material     string      `json:"meterial"`
	IsAbnormal   int         `json:"isAbnormal"`
	DetailImages []string    `json:"detailImages"`
	IsWebData    bool        `json:"isWebData"`
}

type wireCarInfo struct {
	Message          string              `json:"message"`
	VIN              string              `json:"vin"`
	ProductYear      string              `json:"productYear"`
	SubBrand         string              `json:"subBrand"`
	Brand            string              `json:"brand"`
	Series           string              `json:"series"`
	Model            string              `json:"model"`
	Years            string              `json:"years"`
	EnginesML        string              `json:"enginesML"`
	EnginesMode      string              `json:"enginesMode"`
	TransmissionType string              `json:"transmissionType"`
	NumbersOfShift   string              `json:"numbersOfShift"`
	Emission         string              `json:"emission"`
	CarCode          string              `json:"carCode"`
	ProductStop      string              `json:"productStop"`
	Price            string              `json:"price"`
	SalesName        string              `json:"salesName"`
	CarType          string              `json:"carType"`
	Level            string              `json:"level"`
	CarBody          string              `json:"carBody"`
	Doors            string              `json:"doors"`
	Seats            string              `json:"seats"`
	EnginesKW        string              `json:"enginesKW"`
	FuelType         string              `json:"fuelType"`
	TransmissionDes  string              `json:"transmissionDes"`
	DriverMode       string              `json:"driverMode"`
	MatchModels      []map[string]string `json:"matchModels"`
}

type wireClaimDetail struct {
	ItemName   string `json:"itemName"`
	ItemType   string `json:"itemType"`
	ItemAmount string `json:"itemAmount"`
}

type wireClaim struct {
	DangerTime    string            `json:"dangerTime"`
	LicenseNo     string            `json:"licenseNo"`
	VehicleModel  string            `json:"vehicleModel"`
	FrameNo       string            `json:"frameNo"`
	DamageMoney   string            `json:"damageMoney"`
	RepairAmount  string            `json:"repairAmount"`
	RenewalAmount string            `json:"renewalAmount"`
	OtherAmount   string            `json:"otherAmount"`
	ClaimDetails  []wireClaimDetail `json:"claimDetails"`
}

type wireClaimReport struct {
	ClaimCount      string      `json:"claimCount"`
	ClaimMoney      string      `json:"claimMoney"`
	RepairMoney     string      `json:"repairMoney"`
	RepairCount     string      `json:"repairCount"`
	RenewMoney      string      `json:"renewMoney"`
	RenewCount      string      `json:"renewCount"`
	CarClaimRecords []wireClaim `json:"carClaimRecords"`
}

// modelYear decodes the 10th VIN character (ISO 3779 model-year code).
func modelYear(vin string) int {
	c := vin[9]
	if c >= '1' && c <= '9' {
		return 2000 + int(c-'0')
	}
	const letters = "ABCDEFGHJKLMNPRSTVWXY"
	for i := 0; i < len(letters); i++ {
		if letters[i] == c {
			if y := 2010 + i; y <= 2025 {
				return y
			}
			return 1980 + i // the previous 30-year cycle
		}
	}
	return 2016
}

// visitBase anchors visit dates: the newest visit is up to 200 days before
// it. A fixed date rather than the clock keeps a VIN's report the same
// whenever it is bought.
var visitBase = time.Date(2025, 6, 30, 0, 0, 0, 0, china)

func (s *Server) buildReport(o *Order, now time.Time) map[string]any {
	f := factoryByID(o.BrandFactoryID)
	vin := o.VIN
	if vin == "" {
		vin = ImageVIN
	}
	status := Outcome(vin)
	ready := o.CreatedAt.Add(s.opts.ReportDelay)
	r := map[string]any{
		"orderId":           o.OrderID,
		"platformOrderId":   o.PlatformOrderID,
		"numberOfAccidents": nil,
		"brandFactoryId":    strconv.Itoa(f.id),
		"brandFactory":      f.name,
		"createTime":        o.CreatedAt.In(china).Format(paoding.TimeLayout),
		"vin":               vin,
	}
	if now.Before(ready) {
		r["status"] = strconv.Itoa(paoding.StatusGenerating)
		r["resultDescription"] = "报告生成中"
		return r
	}
	r["status"] = strconv.Itoa(status)
	r["finishTime"] = ready.In(china).Format(paoding.TimeLayout)
	switch status {
	case paoding.StatusNoRecord:
		r["resultDescription"] = "该车在 4S 店无维修保养记录"
		r["claimReportStatus"] = 1
		r["claimReportRemark"] = "查询无记录"
		return r
	case paoding.StatusFailed:
		r["resultDescription"] = "4S 店数据源暂时无法访问，查询失败"
		r["claimReportStatus"] = 2
		r["claimReportRemark"] = "查询失败"
		return r
	}
	h := sha256.Sum256([]byte(vin))
	mileage := 8000 + (int(h[10])<<8|int(h[11]))*2
	r["totalMileage"] = json.Number(fmt.Sprintf("%d.%02d", mileage, h[12]%100))
	r["resultType"] = 2
	details, bad := visits(h, vin, mileage)
	r["resultDetails"] = details
	r["lastTimeToShop"] = details[len(details)-1].Date
	desc := fmt.Sprintf("共 %d 条维修保养记录", len(details))
	if len(bad) == 0 {
		desc += "，未见异常"
	} else {
		desc += "，异常项："
		for i, b := range bad {
			if i > 0 {
				desc += "；"
			}
			desc += b
		}
	}
	r["resultDescription"] = desc
	r["resultImages"] = []string{imageURL(vin, "summary-1"), imageURL(vin, "summary-2")}
	for i, c := range checks {
		normal, remark := 1, ""
		if abnormal(h, i) {
			normal, remark = 0, c.remark
		}
		r[c.field+"IsNormal"] = normal
		r[c.field+"Remark"] = remark
	}
	r["carInfo"] = []wireCarInfo{carInfo(f, vin)}
	claims := claimReport(h, vin, f)
	if claims == nil {
		r["claimReportStatus"] = 1
		r["claimReportRemark"] = "查询无记录"
	} else {
		r["claimReportStatus"] = 0
		r["claimReportRemark"] = "查询成功"
		r["claimReport"] = claims
	}
	return r
}

func imageURL(vin, name string) string {
	return "http://img.sandbox.paoding.invalid/4s/" + vin + "/" + name + ".jpg"
}

// visits lists the shop visits, oldest first: 3 to 7 services plus one
// repair for each abnormal check. It returns the abnormal remarks too.
func visits(h [32]byte, vin string, mileage int) ([]wireDetail, []string) {
	type visit struct {
		c   *check
		pos byte
	}
	var vs []visit
	var bad []string
	for i := 0; i < 3+int(h[13]%5); i++ {
		vs = append(vs, visit{nil, h[16+i]})
	}
	for i := range checks {
		if abnormal(h, i) {
			vs = append(vs, visit{&checks[i], h[24+i%8]})
			bad = append(bad, checks[i].remark)
		}
	}
	sort.SliceStable(vs, func(a, b int) bool { return vs[a].pos < vs[b].pos })
	last := visitBase.AddDate(0, 0, -int(h[14]%200))
	step := 120 + int(h[15]%90)
	out := make([]wireDetail, len(vs))
	for i, v := range vs {
		n := len(vs)
		d := wireDetail{
			Date:       last.AddDate(0, 0, -step*(n-1-i)).Format("2006-01-02"),
			Kilometers: json.Number(fmt.Sprintf("%.1f", float64(mileage)*float64(i+1)/float64(n))),
			Type:       "保养", Project: "更换机油、机油滤清器", Material: "机油 4L、机油滤清器",
			DetailImages: []string{},
		}
		if v.c != nil {
			d.Type, d.Project, d.Material, d.IsAbnormal = v.c.visitType, v.c.project, v.c.mat, 1
			d.DetailImages = []string{imageURL(vin, fmt.Sprintf("visit-%d", i+1))}
		}
		out[i] = d
	}
	return out, bad
}

func carInfo(f *factory, vin string) wireCarInfo {
	m := f.model
	year := strconv.Itoa(modelYear(vin))
	return wireCarInfo{
		Message: "查询成功", VIN: vin, ProductYear: year, SubBrand: f.name, Brand: f.brandName,
		Series: m.series, Model: m.name, Years: year, EnginesML: m.engineML, EnginesMode: m.engineMode,
		TransmissionType: m.gearbox, NumbersOfShift: m.shifts, Emission: "国V", CarCode: vin[3:8],
		ProductStop: "", Price: m.guide, SalesName: m.sales, CarType: "轿车", Level: m.level, CarBody: m.body,
		Doors: "4", Seats: m.seats, EnginesKW: m.kw, FuelType: m.fuel, TransmissionDes: m.gearbox, DriverMode: m.drive,
		MatchModels: []map[string]string{{
			"modelId": strconv.Itoa(f.id*1000 + modelYear(vin)%100), "model": m.name,
			"seriesId": strconv.Itoa(f.id * 10), "series": m.series,
			"picture": "http://img.sandbox.paoding.invalid/models/" + strconv.Itoa(f.id) + ".jpg", "price": m.guide,
		}},
	}
}

var itemKinds = []struct{ name, kind string }{
	{"前保险杠", "换件"}, {"左前大灯", "换件"}, {"钣金喷漆", "维修"}, {"前机盖整形", "维修"},
	{"拖车费", "其他"}, {"后尾灯", "换件"}, {"车门修复", "维修"},
}

// claimReport gives 0 to 3 claims (nil for none), amounts in fen.
func claimReport(h [32]byte, vin string, f *factory) *wireClaimReport {
	n := int(h[20] % 4)
	if n == 0 {
		return nil
	}
	cr := &wireClaimReport{}
	var total, repair, renew int64
	var repairN, renewN int
	plate := fmt.Sprintf("粤A%X", h[21:24])[:len("粤A")+5]
	for i := 0; i < n; i++ {
		c := wireClaim{
			DangerTime:   visitBase.AddDate(0, -6*(n-i), int(h[22+i]%28)).Add(time.Duration(h[25+i]%12+8) * time.Hour).Format(paoding.TimeLayout),
			LicenseNo:    plate,
			VehicleModel: f.brandName + " " + f.model.sales,
			FrameNo:      vin,
		}
		var dmg, rep, ren, other int64
		for j := 0; j <= int(h[26+i]%3); j++ {
			it := itemKinds[int(h[(3*i+j+9)%32])%len(itemKinds)]
			amt := int64(h[(5*i+j+7)%32]%50+5) * 10000 // 500 to 5,400 yuan
			c.ClaimDetails = append(c.ClaimDetails, wireClaimDetail{ItemName: it.name, ItemType: it.kind, ItemAmount: strconv.FormatInt(amt, 10)})
			dmg += amt
			switch it.kind {
			case "维修":
				rep += amt
				repairN++
			case "换件":
				ren += amt
				renewN++
			default:
				other += amt
			}
		}
		c.DamageMoney, c.RepairAmount = strconv.FormatInt(dmg, 10), strconv.FormatInt(rep, 10)
		c.RenewalAmount, c.OtherAmount = strconv.FormatInt(ren, 10), strconv.FormatInt(other, 10)
		cr.CarClaimRecords = append(cr.CarClaimRecords, c)
		total, repair, renew = total+dmg, repair+rep, renew+ren
	}
	cr.ClaimCount = strconv.Itoa(n)
	cr.ClaimMoney = strconv.FormatInt(total, 10)
	cr.RepairMoney, cr.RepairCount = strconv.FormatInt(repair, 10), strconv.Itoa(repairN)
	cr.RenewMoney, cr.RenewCount = strconv.FormatInt(renew, 10), strconv.Itoa(renewN)
	return cr
}

package paoding

import (
	"encoding/json"
	"strconv"

	"github.com/insurekit/insure/pkg/failure"
)

// Brand is one entry of the brand list.
type Brand struct {
	BrandID        Int    `json:"brandId"`
	BrandName      Text   `json:"brandName"`
	Remark         Text   `json:"remark"`
	LastModifyTime string `json:"lastModifyTime"`
}

// BrandFactory is a manufacturer (joint venture) whose 4S network the
// platform can query; its id is what a purchase by VIN names.
type BrandFactory struct {
	BrandFactoryID   Int    `json:"brandFactoryId"`
	BrandFactoryName Text   `json:"brandFactoryName"`
	BrandID          Int    `json:"brandId"`
	BrandName        Text   `json:"brandName"`
	Price            Text   `json:"price"` // yuan per report, as the provider writes it
	NeedEngineNum    Bool   `json:"needEngineNum"`
	Usable           Bool   `json:"usable"`
	LastModifyTime   string `json:"lastModifyTime"`
	Remark           Text   `json:"remark"`
}

// BuyRequest orders one report, by VIN (with its brand factory) or by a
// photo of the driving licence.
type BuyRequest struct {
	BrandFactoryID int    `json:"brandFactoryId,omitempty"`
	VIN            string `json:"vin,omitempty"`
	EngineNum      string `json:"engineNum,omitempty"`
	Image          string `json:"image,omitempty"`
	OrderID        string `json:"orderId"`
	NotifyURL      string `json:"notifyUrl"`
}

// UnmarshalJSON accepts brandFactoryId quoted, as the document's own
// examples write ids, so request files copied from answers still load.
func (r *BuyRequest) UnmarshalJSON(b []byte) error {
	type plain BuyRequest
	var aux struct {
		plain
		BrandFactoryID Int `json:"brandFactoryId"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = BuyRequest(aux.plain)
	r.BrandFactoryID = int(aux.BrandFactoryID)
	return nil
}

// BuyResult is the platform's acceptance of an order. The report itself
// comes later, through report.get or the notification.
type BuyResult struct {
	Status           Text `json:"status"` // "success" or "failed"
	Remark           Text `json:"remark"`
	PlatformOrderNum Text `json:"platformOrderNum"`
}

// Report status values.
const (
	StatusGenerating = 1
	StatusFound      = 2
	StatusFailed     = 3
	StatusNoRecord   = 4
)

// Report is the answer of report.get. Pointers are fields the platform
// leaves out or sends as null while the report is not ready or not found.
type Report struct {
	Status            Int        `json:"status"`
	OrderID           Text       `json:"orderId"`
	PlatformOrderID   Text       `json:"platformOrderId"`
	LastTimeToShop    Text       `json:"lastTimeToShop,omitempty"`
	TotalMileage      Text       `json:"totalMileage,omitempty"` // km, decimal as sent
	NumberOfAccidents *Int       `json:"numberOfAccidents"`      // documented as always null
	BrandFactoryID    Int        `json:"brandFactoryId,omitempty"`
	BrandFactory      Text       `json:"brandFactory,omitempty"`
	ResultDescription Text       `json:"resultDescription,omitempty"`
	ResultImages      StringList `json:"resultImages,omitempty"`
	CreateTime        Text       `json:"createTime,omitempty"`
	FinishTime        Text       `json:"finishTime,omitempty"`
	VIN               Text       `json:"vin,omitempty"`
	ResultType        *Int       `json:"resultType,omitempty"` // 0 images, 1 text, 2 both

	ResultDetails []ResultDetail `json:"resultDetails,omitempty"`

	KilometerIsNormal               *Int `json:"kilometerIsNormal,omitempty"`
	KilometerRemark                 Text `json:"kilometerRemark,omitempty"`
	AirbagIsNormal                  *Int `json:"airbagIsNormal,omitempty"`
	AirbagRemark                    Text `json:"airbagRemark,omitempty"`
	EngineIsNormal                  *Int `json:"engineIsNormal,omitempty"`
	EngineRemark                    Text `json:"engineRemark,omitempty"`
	StructureIsNormal               *Int `json:"structureIsNormal,omitempty"`
	StructureRemark                 Text `json:"structureRemark,omitempty"`
	GearBoxIsNormal                 *Int `json:"gearBoxIsNormal,omitempty"`
	GearBoxRemark                   Text `json:"gearBoxRemark,omitempty"`
	ElectricSafetyEquipmentIsNormal *Int `json:"electricSafetyEquipmentIsNormal,omitempty"`
	ElectricSafetyEquipmentRemark   Text `json:"electricSafetyEquipmentRemark,omitempty"`
	AppearanceSheetMetalIsNormal    *Int `json:"appearanceSheetMetalIsNormal,omitempty"`
	AppearanceSheetMetalRemark      Text `json:"appearanceSheetMetalRemark,omitempty"`
	BigAccidentIsNormal             *Int `json:"bigAccidentIsNormal,omitempty"`
	BigAccidentRemark               Text `json:"bigAccidentRemark,omitempty"`
	BurnIsNormal                    *Int `json:"burnIsNormal,omitempty"`
	BurnRemark                      Text `json:"burnRemark,omitempty"`
	FloodIsNormal                   *Int `json:"floodIsNormal,omitempty"`
	FloodRemark                     Text `json:"floodRemark,omitempty"`

	CarInfo           CarInfoList  `json:"carInfo,omitempty"`
	ClaimReportStatus *Int         `json:"claimReportStatus,omitempty"` // 0 found, 1 no record, 2 failed
	ClaimReportRemark Text         `json:"claimReportRemark,omitempty"`
	ClaimReport       *ClaimReport `json:"claimReport,omitempty"`
}

// StatusText names a report status.
func (r *Report) StatusText() string {
	return StatusText(int(r.Status))
}

// StatusText names a report or notification status.
func StatusText(status int) string {
	switch status {
	case StatusGenerating:
		return "generating"
	case StatusFound:
		return "found"
	case StatusFailed:
		return "failed"
	case StatusNoRecord:
		return "no record"
	default:
		return "unknown"
	}
}

// Ready reports whether the platform has finished with the order.
func (r *Report) Ready() bool { return r.Status != StatusGenerating }

// Outcome is nil for a report that is found or still being generated, and
// a Refused error (exit 4) for one the platform finished without a report:
// status 3 (the query failed) or 4 (no record of the vehicle). The order's
// status goes in Code as "status:N", apart from the business codes.
func (r *Report) Outcome() error {
	var msg, hint string
	switch int(r.Status) {
	case StatusFailed:
		msg = "the platform could not query the 4S records of this vehicle (report status 3, query failed)"
		hint = "the order is finished; buy again later with a new --order-id, or ask the provider about this platform order number"
	case StatusNoRecord:
		msg = "the platform found no 4S record of this vehicle (report status 4, no record)"
		hint = "check the VIN and the brand factory; a vehicle never serviced at a 4S shop has no report"
	default:
		return nil
	}
	if r.ResultDescription != "" {
		msg += " (provider said: " + r.ResultDescription.String() + ")"
	}
	return &failure.Error{Kind: failure.Refused, Provider: Provider, Operation: OpReportGet,
		Code: "status:" + strconv.Itoa(int(r.Status)), Message: "order " + r.OrderID.String() + ": " + msg, Hint: hint}
}

// ResultDetail is one 4S shop visit: maintenance, repair or part change.
type ResultDetail struct {
	Date         Text       `json:"date"`
	Kilometers   Text       `json:"kilometers"`
	Type         Text       `json:"type"`
	Project      Text       `json:"project"`
	Material     Text       `json:"meterial"` // sic: the document's spelling
	IsAbnormal   Bool       `json:"isAbnormal"`
	DetailImages StringList `json:"detailImages,omitempty"`
	IsWebData    Bool       `json:"isWebData"`
}

// CarInfo is the vehicle decoded from the VIN.
type CarInfo struct {
	Message          Text         `json:"message,omitempty"`
	VIN              Text         `json:"vin,omitempty"`
	ProductYear      Text         `json:"productYear,omitempty"`
	SubBrand         Text         `json:"subBrand,omitempty"`
	Brand            Text         `json:"brand,omitempty"`
	Series           Text         `json:"series,omitempty"`
	Model            Text         `json:"model,omitempty"`
	Years            Text         `json:"years,omitempty"`
	EnginesML        Text         `json:"enginesML,omitempty"`
	EnginesMode      Text         `json:"enginesMode,omitempty"`
	TransmissionType Text         `json:"transmissionType,omitempty"`
	NumbersOfShift   Text         `json:"numbersOfShift,omitempty"`
	Emission         Text         `json:"emission,omitempty"`
	CarCode          Text         `json:"carCode,omitempty"`
	ProductStop      Text         `json:"productStop,omitempty"`
	Price            Text         `json:"price,omitempty"`
	SalesName        Text         `json:"salesName,omitempty"`
	CarType          Text         `json:"carType,omitempty"`
	Level            Text         `json:"level,omitempty"`
	CarBody          Text         `json:"carBody,omitempty"`
	Doors            Text         `json:"doors,omitempty"`
	Seats            Text         `json:"seats,omitempty"`
	EnginesKW        Text         `json:"enginesKW,omitempty"`
	FuelType         Text         `json:"fuelType,omitempty"`
	TransmissionDes  Text         `json:"transmissionDes,omitempty"`
	DriverMode       Text         `json:"driverMode,omitempty"`
	MatchModels      []MatchModel `json:"matchModels,omitempty"`
}

// MatchModel is one catalogue model the VIN may be.
type MatchModel struct {
	ModelID  Text `json:"modelId"`
	Model    Text `json:"model"`
	SeriesID Text `json:"seriesId"`
	Series   Text `json:"series"`
	Picture  Text `json:"picture"`
	Price    Text `json:"price"`
}

// CarInfoList holds carInfo, which the document types as a list but
// describes as one object: both shapes decode here.
type CarInfoList []CarInfo

// UnmarshalJSON implements json.Unmarshaler.
func (l *CarInfoList) UnmarshalJSON(b []byte) error {
	var one CarInfo
	switch firstByte(b) {
	case 'n':
		*l = nil
		return nil
	case '{':
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = CarInfoList{one}
		return nil
	}
	var many []CarInfo
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

// ClaimReport is the insurance claim history. Every amount is in fen, kept
// as the provider's string; FenToYuan renders it.
type ClaimReport struct {
	ClaimCount      Text             `json:"claimCount"`
	ClaimMoney      Text             `json:"claimMoney"`
	RepairMoney     Text             `json:"repairMoney"`
	RepairCount     Text             `json:"repairCount"`
	RenewMoney      Text             `json:"renewMoney"`
	RenewCount      Text             `json:"renewCount"`
	OtherAmount     Text             `json:"otherAmount,omitempty"` // the document's layout leaves its level open
	CarClaimRecords []CarClaimRecord `json:"carClaimRecords"`
}

// CarClaimRecord is one claim.
type CarClaimRecord struct {
	DangerTime    Text          `json:"dangerTime"`
	LicenseNo     Text          `json:"licenseNo"`
	VehicleModel  Text          `json:"vehicleModel"`
	FrameNo       Text          `json:"frameNo"`
	DamageMoney   Text          `json:"damageMoney"`
	RepairAmount  Text          `json:"repairAmount"`
	RenewalAmount Text          `json:"renewalAmount"`
	OtherAmount   Text          `json:"otherAmount"`
	ClaimDetails  []ClaimDetail `json:"claimDetails"`
}

// ClaimDetail is one item of a claim.
type ClaimDetail struct {
	ItemName   Text `json:"itemName"`
	ItemType   Text `json:"itemType"` // 维修, 换件, 人伤, 财产损失, 其他
	ItemAmount Text `json:"itemAmount"`
}

// Check is one of the ten yes/no verdicts of a report.
type Check struct {
	Name   string `json:"name"`
	Field  string `json:"field"`
	Normal bool   `json:"normal"`
	// Known is false when the platform sent no verdict (the report is not
	// ready, failed, or predates the field); Normal is then true.
	Known  bool   `json:"known"`
	Remark string `json:"remark,omitempty"`
}

// Checks returns the ten verdicts in the document's order.
func (r *Report) Checks() []Check {
	mk := func(name, field string, v *Int, remark Text) Check {
		return Check{Name: name, Field: field, Normal: v == nil || *v != 0, Known: v != nil, Remark: string(remark)}
	}
	return []Check{
		mk("Mileage", "kilometerIsNormal", r.KilometerIsNormal, r.KilometerRemark),
		mk("Airbags", "airbagIsNormal", r.AirbagIsNormal, r.AirbagRemark),
		mk("Engine", "engineIsNormal", r.EngineIsNormal, r.EngineRemark),
		mk("Structural parts", "structureIsNormal", r.StructureIsNormal, r.StructureRemark),
		mk("Gearbox", "gearBoxIsNormal", r.GearBoxIsNormal, r.GearBoxRemark),
		mk("Electrical and safety equipment", "electricSafetyEquipmentIsNormal", r.ElectricSafetyEquipmentIsNormal, r.ElectricSafetyEquipmentRemark),
		mk("Exterior and sheet metal", "appearanceSheetMetalIsNormal", r.AppearanceSheetMetalIsNormal, r.AppearanceSheetMetalRemark),
		mk("Major accident", "bigAccidentIsNormal", r.BigAccidentIsNormal, r.BigAccidentRemark),
		mk("Fire damage", "burnIsNormal", r.BurnIsNormal, r.BurnRemark),
		mk("Flood damage", "floodIsNormal", r.FloodIsNormal, r.FloodRemark),
	}
}

func firstByte(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

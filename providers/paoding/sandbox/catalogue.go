package sandbox

import (
	"strconv"
	"time"

	"github.com/insurekit/insure/providers/paoding"
)

type brand struct {
	id       int
	name     string
	modified string
}

type wireBrand struct {
	BrandID        string `json:"brandId"`
	BrandName      string `json:"brandName"`
	Remark         string `json:"remark"`
	LastModifyTime string `json:"lastModifyTime"`
}

func (b brand) wire() wireBrand {
	return wireBrand{BrandID: strconv.Itoa(b.id), BrandName: b.name, Remark: "", LastModifyTime: b.modified}
}

var brands = []brand{
	{120, "宝骏", "2016-01-01 01:01:01"},
	{121, "五菱", "2016-01-01 01:01:01"},
	{130, "大众", "2016-03-15 09:30:00"},
	{140, "宝马", "2016-05-20 14:00:00"},
	{150, "奔驰", "2016-05-20 14:00:00"},
	{160, "本田", "2016-08-01 10:00:00"},
	{170, "丰田", "2016-08-01 10:00:00"},
	{180, "福特", "2016-11-11 11:11:11"},
	{190, "比亚迪", "2017-03-01 08:00:00"},
	{200, "吉利", "2017-06-18 16:45:00"},
}

// model is the catalogue vehicle a factory's reports describe in carInfo.
type model struct {
	series, name, sales           string
	engineML, engineMode          string
	gearbox, shifts, body, level  string
	fuel, kw, drive, guide, seats string
}

type factory struct {
	id          int
	name        string
	brandID     int
	brandName   string
	price       int // yuan
	needEngine  bool
	usable      bool
	maintenance bool // accepted in the list, but purchases answer 30040
	modified    string
	remark      string
	model       model
}

type wireFactory struct {
	BrandFactoryID   string `json:"brandFactoryId"`
	BrandFactoryName string `json:"brandFactoryName"`
	BrandID          string `json:"brandId"`
	BrandName        string `json:"brandName"`
	Price            string `json:"price"`
	NeedEngineNum    bool   `json:"needEngineNum"`
	Usable           bool   `json:"usable"`
	Remark           string `json:"remark"`
	LastModifyTime   string `json:"lastModifyTime"`
}

func (f *factory) wire() wireFactory {
	return wireFactory{
		BrandFactoryID: strconv.Itoa(f.id), BrandFactoryName: f.name,
		BrandID: strconv.Itoa(f.brandID), BrandName: f.brandName, Price: strconv.Itoa(f.price),
		NeedEngineNum: f.needEngine, Usable: f.usable, Remark: f.remark, LastModifyTime: f.modified,
	}
}

func (f *factory) modifiedAt() time.Time {
	t, _ := time.ParseInLocation(paoding.TimeLayout, f.modified, china)
	return t
}

// Identifiers the sandbox's rules and the docs refer to.
const (
	FactoryUnusable    = 80 // usable=false: buying answers 30030
	FactoryMaintenance = 71 // under maintenance: buying answers 30040
	imageFactoryID     = 60 // the factory of ImageVIN
)

// ImageVIN is the vehicle every licence-photo order reports on.
const ImageVIN = "LHGCR2658H8012345"

var factories = []*factory{
	{id: 20, name: "上汽通用五菱", brandID: 120, brandName: "宝骏", price: 29, usable: true, modified: "2016-01-01 01:01:01",
		model: model{"宝骏560", "2016款 1.8L 手动精英型", "宝骏560 1.8L MT", "1.8", "LJ479QE2", "手动", "5", "SUV", "紧凑型SUV", "汽油", "100", "前置前驱", "8.28", "7"}},
	{id: 21, name: "上汽通用五菱", brandID: 121, brandName: "五菱", price: 29, usable: true, modified: "2016-01-01 01:01:01",
		model: model{"五菱宏光", "2015款 1.5L S 舒适型", "五菱宏光S 1.5L", "1.5", "L2B", "手动", "5", "MPV", "微面", "汽油", "82", "前置后驱", "5.68", "7"}},
	{id: 30, name: "一汽-大众", brandID: 130, brandName: "大众", price: 35, needEngine: true, usable: true, modified: "2016-03-15 09:30:00",
		model: model{"速腾", "2017款 280TSI 自动舒适型", "速腾 1.4T DSG", "1.4", "EA211", "双离合", "7", "三厢", "紧凑型车", "汽油", "96", "前置前驱", "15.68", "5"}},
	{id: 31, name: "上汽大众", brandID: 130, brandName: "大众", price: 35, usable: true, modified: "2017-02-10 10:00:00",
		model: model{"帕萨特", "2017款 330TSI DSG 御尊版", "帕萨特 2.0T DSG", "2.0", "EA888", "双离合", "7", "三厢", "中型车", "汽油", "137", "前置前驱", "24.59", "5"}},
	{id: 40, name: "华晨宝马", brandID: 140, brandName: "宝马", price: 59, needEngine: true, usable: true, modified: "2016-05-20 14:00:00",
		model: model{"宝马3系", "2016款 320Li 时尚型", "320Li", "2.0", "B48B20A", "自动", "8", "三厢", "中型车", "汽油", "135", "前置后驱", "33.90", "5"}},
	{id: 50, name: "北京奔驰", brandID: 150, brandName: "奔驰", price: 59, needEngine: true, usable: true, modified: "2017-04-01 09:00:00",
		model: model{"奔驰C级", "2016款 C 200 L 运动型", "C 200 L", "2.0", "M274", "自动", "7", "三厢", "中型车", "汽油", "135", "前置后驱", "35.28", "5"}},
	{id: 60, name: "广汽本田", brandID: 160, brandName: "本田", price: 32, usable: true, modified: "2016-08-01 10:00:00",
		model: model{"雅阁", "2016款 2.0L LX 舒适版", "雅阁 2.0L CVT", "2.0", "R20A3", "CVT无级变速", "无级", "三厢", "中型车", "汽油", "114", "前置前驱", "17.98", "5"}},
	{id: 61, name: "东风本田", brandID: 160, brandName: "本田", price: 32, usable: true, modified: "2017-07-20 15:30:00",
		model: model{"思域", "2016款 1.5T 220TURBO CVT 豪华版", "思域 1.5T", "1.5", "L15B8", "CVT无级变速", "无级", "三厢", "紧凑型车", "汽油", "130", "前置前驱", "14.39", "5"}},
	{id: 70, name: "一汽丰田", brandID: 170, brandName: "丰田", price: 32, usable: true, modified: "2016-08-01 10:00:00",
		model: model{"卡罗拉", "2017款 1.2T CVT GL", "卡罗拉 1.2T", "1.2", "9NR-FTS", "CVT无级变速", "无级", "三厢", "紧凑型车", "汽油", "85", "前置前驱", "12.98", "5"}},
	{id: FactoryMaintenance, name: "广汽丰田", brandID: 170, brandName: "丰田", price: 32, usable: true, maintenance: true,
		modified: "2017-08-15 09:00:00", remark: "数据维护中",
		model: model{"凯美瑞", "2015款 2.0G 豪华版", "凯美瑞 2.0G", "2.0", "6AR-FSE", "自动", "6", "三厢", "中型车", "汽油", "123", "前置前驱", "19.98", "5"}},
	{id: FactoryUnusable, name: "长安福特", brandID: 180, brandName: "福特", price: 30, usable: false, modified: "2016-11-11 11:11:11",
		remark: "暂停服务",
		model:  model{"福克斯", "2015款 1.6L 自动舒适型", "福克斯 1.6L", "1.6", "Sigma", "双离合", "6", "三厢", "紧凑型车", "汽油", "92", "前置前驱", "12.58", "5"}},
	{id: 90, name: "比亚迪汽车", brandID: 190, brandName: "比亚迪", price: 25, usable: true, modified: "2017-03-01 08:00:00",
		model: model{"宋", "2016款 1.5TID 自动精英型", "宋 1.5T", "1.5", "BYD476ZQA", "双离合", "6", "SUV", "紧凑型SUV", "汽油", "113", "前置前驱", "11.59", "5"}},
	{id: 100, name: "吉利汽车", brandID: 200, brandName: "吉利", price: 25, needEngine: true, usable: true, modified: "2017-06-18 16:45:00",
		model: model{"帝豪", "2016款 1.5L CVT 豪华型", "帝豪 1.5L", "1.5", "JLγ-4G15", "CVT无级变速", "无级", "三厢", "紧凑型车", "汽油", "80", "前置前驱", "8.69", "5"}},
}

func factoryByID(id int) *factory {
	for _, f := range factories {
		if f.id == id {
			return f
		}
	}
	return nil
}

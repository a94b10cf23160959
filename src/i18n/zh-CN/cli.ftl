# 命令行对人说的话：命令做了什么（输出到 stderr，--quiet 时不说）、警告、用法错误，以及 `query show` 和
# `query list` 表格中的用语。供程序读取的输出（JSON、CSV、退出码）不在这里。

## 错误和警告

cli-error = qlake: { $message }
cli-warning = qlake: 警告：{ $message }
cli-warning-script-not-checked = qlake: 警告：未能检查该表的简繁体用字：{ $error }
# 句中列举多项（格式、文件）时的分隔符。
cli-list-separator = 、

## 参数

cli-not-name-value = `{ $value }` 不是 NAME=VALUE 的形式
cli-not-a-size = `{ $value }` 不是有效的尺寸，应写成 100x30 这样的形式（最大 { $width }x{ $height }）
cli-unknown-format = 未知格式 `{ $value }`，可用的格式有：{ $names }
cli-format-from-path = 无法从 { $path } 判断输出格式，请加上 --format（csv、csv-excel、tsv、json、jsonl、parquet、arrow、xlsx、markdown、table）
cli-bom-not-csv = --bom 只用于 CSV；{ $format } 格式没有字节顺序标记可加
cli-engine-not-for-lake-commands = --engine { $url }：只有仪表盘、`qlake sql`、`qlake query run` 和 `qlake bench` 连接远程引擎；湖仓命令读取的是本地湖仓（请去掉 --engine 和 QLAKE_ENGINE）
cli-keys-invalid = --keys：{ $error }
cli-tui-needs-terminal = 仪表盘需要在终端中运行；请使用子命令（见 --help）或 `qlake tui --headless`
cli-stdin-too-large = stdin：语句超过 { $mib } MiB
cli-stdin-not-utf8 = stdin：语句不是 UTF-8 文本
cli-sql-needs-statement = qlake sql 需要一条语句、`-` 或 --file FILE

## 导出（`sql`、`query run`）

# 写文件时在终端上显示的进度。
cli-progress-rows = { $count } 行…
cli-progress-percent = { $percent }% …
cli-wrote-rows = qlake: 已将 { $count } 行写入 { $file }
# 终端上的表格之后。
cli-rows-shown = （共 { $count } 行）

## 已存查询（`query list` 的表格、`query show`）

cli-list-heading-name = 名称
cli-list-heading-title = 标题
cli-list-heading-parameters = 参数
cli-list-heading-origin = 类别
cli-list-heading-engines = 引擎
cli-list-origin-shipped = 随附
cli-list-origin-user = 自定义
cli-list-origin-user-overrides = 自定义（取代随附查询）
# $param 为 `名称: 类型`。
cli-list-param-optional = { $param }（可选）
cli-show-file = 文件：{ $path }
cli-show-no-parameters = 参数：无
cli-show-parameters = 参数：
cli-show-param-default = 默认 { $value }
cli-show-param-required = 必填
cli-show-param-optional = 可选
# 一个参数；$need 是上面三者之一。
cli-show-param = { $name }（{ $kind }，{ $need }）{ $description }
cli-show-drill = 下钻到：{ $query } { $bind }
cli-show-drill-when = 下钻到：{ $query } { $bind }（仅限 { $column } = { $value } 的行）

## 湖仓（`lake info`、`check`、`generate`、`build-sample`、`init`、`import`、`undo`；`--version`）

# 防止湖仓被写入的保护措施（$status 列出各层）。
cli-protections = 保护措施：{ $status }
cli-info-lake = 湖仓：{ $root }（{ $origin }）
# `lake info` 中导入日志的一条；$unreconciled 为 yes 或 no。
cli-info-import = 导入 { $id }  { $at }  { $user }  { $table } 表 { $rows } 行  来自 { $file }{ $unreconciled ->
        [yes] {"  "}（未通过核对）
       *[no] {""}
    }
cli-check-problems = qlake: { $dir } 中有 { $count } 个问题
cli-check-passed = qlake: { $dir } 符合数据规范（{ $notes } 条提示）
cli-generated = qlake: 已生成 { $enterprises } 家企业、{ $projects } 个项目、{ $chains } 条产业链（{ $files } 个文件），写入 { $dir }，用时 { $seconds } 秒
cli-built-sample = qlake: 已用 { $src } 中的源文件在 { $out } 构建示例湖仓
cli-init-done = qlake: 已在 { $dir } 新建湖仓：约定中的全部表、{ $provinces } 个省、{ $cities } 个市，均引自来源 `{ $source }`（见 { $sources_dir }/）
cli-imported = qlake: 已从 { $file } 向 `{ $table }` 导入 { $rows } 行，导入编号 { $id }
# 加了 --allow-unreconciled 时：$why 是给出的理由。
cli-imported-unreconciled = qlake: 已从 { $file } 向 `{ $table }` 导入 { $rows } 行，导入编号 { $id }（未通过核对，理由：{ $why }）
cli-already-imported = qlake: { $file } 已导入过 `{ $table }`（导入编号 { $id }，时间 { $at }），无需重复导入
cli-dry-run = qlake: 试运行：将向 `{ $table }` 添加 { $rows } 行，未写入任何内容。前几行如下：
cli-undone = qlake: 已撤销导入 { $id }（`{ $table }` 表中来自 { $file } 的 { $rows } 行），已删除 { $files }

cli-bench-missing = 缺少基准测试程序 { $path }：它与 qlake 一同构建（`cargo build --locked` 会同时构建两者）

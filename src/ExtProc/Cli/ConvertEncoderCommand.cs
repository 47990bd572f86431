using System.CommandLine;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Cli;

/// <summary><c>extproc-router convert-encoder [--int8] [--source DIR] [--output FILE]</c>: TF.js USE-Lite -> ONNX, skipped when up to date.</summary>
public static class ConvertEncoderCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "The TF.js model folder.", DefaultValueFactory = _ => EncoderConverter.DefaultSourceDirectory };
        var output = new Option<string>("--output")
        {
            Description = $"The ONNX file to write (default {EncoderConverter.DefaultOutputPath}, or {FineTunedEncoderConverter.DefaultOutputPath} with --fine-tuned).",
        };
        var int8 = new Option<bool>("--int8") { Description = "Quantize the dense layers to int8 (smaller, faster, slightly less exact)." };
        var force = new Option<bool>("--force") { Description = "Convert even when the output is newer than the source." };
        var fineTuned = new Option<bool>("--fine-tuned")
        {
            Description = $"Add the committed fine-tuned weight deltas ({FineTunedWeightsFile.DefaultPath}) and write {FineTunedEncoderConverter.DefaultOutputPath} (with --int8: {FineTunedEncoderConverter.DefaultInt8OutputPath}) unless --output is given.",
        };
        var command = new Command("convert-encoder", "Convert the Universal Sentence Encoder Lite (TF.js) into the ONNX encoder.") { source, output, int8, force, fineTuned };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(source)!;
            var tuned = parse.GetValue(fineTuned);
            // No default value on the option itself: the default depends on --fine-tuned, and a tuned encoder must never
            // land on the base encoder's path.
            var to = parse.GetValue(output) ?? (!tuned ? EncoderConverter.DefaultOutputPath
                : parse.GetValue(int8) ? FineTunedEncoderConverter.DefaultInt8OutputPath : FineTunedEncoderConverter.DefaultOutputPath);
            if (!File.Exists(Path.Combine(from, "model.json")))
            {
                Console.Error.WriteLine($"convert-encoder: {from} holds no TF.js model (run `make setup`).");
                return 2;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
            var precision = parse.GetValue(int8) ? EncoderPrecision.Int8 : EncoderPrecision.Float32;
            if (tuned && !File.Exists(FineTunedWeightsFile.DefaultPath))
            {
                Console.Error.WriteLine($"convert-encoder: {FineTunedWeightsFile.DefaultPath} is missing (run `extproc-router fine-tune`).");
                return 2;
            }
            if (parse.GetValue(force))
            {
                if (tuned) FineTunedEncoderConverter.Convert(from, FineTunedWeightsFile.DefaultPath, to, precision);
                else EncoderConverter.Convert(from, to, precision);
            }
            else if (tuned ? !FineTunedEncoderConverter.ConvertIfStale(from, FineTunedWeightsFile.DefaultPath, to, precision)
                           : !EncoderConverter.ConvertIfStale(from, to, precision))
            {
                Console.WriteLine($"{to} is up to date.");
                return 0;
            }
            Console.WriteLine($"Wrote {to} ({new FileInfo(to).Length / 1024 / 1024} MiB, {precision}).");
            return 0;
        });
        return command;
    }
}

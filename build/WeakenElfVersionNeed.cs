using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on one version requirement (Vernaux) of a 64-bit little-endian ELF file, in place.
// Idempotent; a file without that requirement is left untouched.
public sealed class WeakenElfVersionNeed : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    [Required] public string LibraryPath { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        byte[] elf = File.ReadAllBytes(LibraryPath);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{LibraryPath}: not a 64-bit little-endian ELF file");
            return false;
        }
        long sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3a);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3c);
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)header + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            long strings = (long)BitConverter.ToUInt64(elf, (int)(sectionTable + (long)link * sectionSize) + 0x18);
            int changed = WeakenIn(elf, offset, strings);
            if (changed > 0)
            {
                string temp = LibraryPath + ".tmp";
                File.WriteAllBytes(temp, elf);
                File.Delete(LibraryPath);
                File.Move(temp, LibraryPath);
                Log.LogMessage(MessageImportance.Normal, $"{LibraryPath}: {VersionName} requirement marked weak");
            }
            return true;
        }
        return true;
    }

    int WeakenIn(byte[] elf, long verneed, long strings)
    {
        int changed = 0;
        long need = verneed;
        while (true)
        {
            int count = BitConverter.ToUInt16(elf, (int)need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (int a = 0; a < count; a++)
            {
                int flags = (int)aux + 4;
                string name = CString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                ushort value = BitConverter.ToUInt16(elf, flags);
                if (name == VersionName && (value & VerFlagWeak) == 0)
                {
                    BitConverter.GetBytes((ushort)(value | VerFlagWeak)).CopyTo(elf, flags);
                    changed++;
                }
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0) return changed;
            need += next;
        }
    }

    static string CString(byte[] bytes, long start)
    {
        int end = (int)start;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
    }
}

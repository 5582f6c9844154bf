-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BoardCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "boardId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "data" BLOB NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'auto',
    "name" TEXT,
    "authors" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "BoardCheckpoint_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BoardCheckpoint" ("at", "boardId", "data", "id") SELECT "at", "boardId", "data", "id" FROM "BoardCheckpoint";
DROP TABLE "BoardCheckpoint";
ALTER TABLE "new_BoardCheckpoint" RENAME TO "BoardCheckpoint";
CREATE INDEX "BoardCheckpoint_boardId_at_idx" ON "BoardCheckpoint"("boardId", "at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

